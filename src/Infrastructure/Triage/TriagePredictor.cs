using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ticketing.Application.Triage;
using Ticketing.Domain.Triage;

namespace Ticketing.Infrastructure.Triage;

/// <summary>
/// Holds the active models of this instance: every <see cref="TriageOptions.ActiveModelCheckSeconds"/>
/// it asks the database which versions are active (a tiny query) and loads a version it has not loaded
/// yet, once; every instance thereby serves the same models within that delay.
/// </summary>
internal sealed class TriagePredictor(
    IServiceScopeFactory scopes,
    ITriageLearner learner,
    IOptions<TriageOptions> options,
    TimeProvider clock) : ITriagePredictor, IDisposable
{
    public const int WordsPerSuggestion = 3;

    private readonly ConcurrentDictionary<long, Lazy<Task<LoadedModel?>>> loaded = new();
    private readonly SemaphoreSlim refresh = new(1, 1);
    private IReadOnlyDictionary<TriageTarget, long> active = new Dictionary<TriageTarget, long>();
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    public async Task<TriageSuggestions> SuggestAsync(TriageInput input, int perTarget, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Title) && string.IsNullOrWhiteSpace(input.Description))
        {
            return TriageSuggestions.None;
        }

        var versions = await ActiveVersionsAsync(cancellationToken);
        var words = TriageText.DistinctWords(input);
        var targets = new List<TriageTargetSuggestions>();
        foreach (var (target, version) in versions.OrderBy(v => v.Key))
        {
            if (await ModelAsync(version) is not { } model)
            {
                continue;
            }

            var suggestions = model.Classifier.Predict(input)
                .Take(perTarget)
                .Select(s => new TriageSuggestion(s.Label, s.Confidence, model.Keywords.StrongestWords(s.Label, words, WordsPerSuggestion)))
                .ToList();
            targets.Add(new TriageTargetSuggestions(target, version, suggestions));
        }

        return new TriageSuggestions(targets);
    }

    private async Task<IReadOnlyDictionary<TriageTarget, long>> ActiveVersionsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - checkedAt < TimeSpan.FromSeconds(options.Value.ActiveModelCheckSeconds))
        {
            return active;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (now - checkedAt >= TimeSpan.FromSeconds(options.Value.ActiveModelCheckSeconds))
            {
                await using var scope = scopes.CreateAsyncScope();
                active = await scope.ServiceProvider.GetRequiredService<ITriageModelStore>().GetActiveVersionsAsync(cancellationToken);
                checkedAt = now;
                foreach (var stale in loaded.Keys.Where(v => !active.Values.Contains(v)))
                {
                    loaded.TryRemove(stale, out _);
                }
            }

            return active;
        }
        finally
        {
            refresh.Release();
        }
    }

    private Task<LoadedModel?> ModelAsync(long version) =>
        loaded.GetOrAdd(version, v => new Lazy<Task<LoadedModel?>>(() => LoadAsync(v))).Value;

    private async Task<LoadedModel?> LoadAsync(long version)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ITriageModelStore>().GetAsync(version, CancellationToken.None);
        if (stored is null)
        {
            return null;
        }

        var keywords = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(stored.KeywordsJson) ?? [];
        var rule = new KeywordRule(
            keywords.ToDictionary(k => k.Key, k => (IReadOnlyDictionary<string, double>)k.Value, StringComparer.Ordinal),
            string.Empty);
        return new LoadedModel(learner.Load(stored.Target, stored.ModelBytes), rule);
    }

    public void Dispose() => refresh.Dispose();

    private sealed record LoadedModel(ITriageClassifier Classifier, KeywordRule Keywords);
}
