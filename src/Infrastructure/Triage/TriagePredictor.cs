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

    public async Task<TriageSuggestions> SuggestAsync(TriageInput input, int perTarget, CancellationToken cancellationToken) =>
        (await SuggestManyAsync([input], perTarget, Enum.GetValues<TriageTarget>(), cancellationToken))[0];

    public async Task<IReadOnlyList<TriageSuggestions>> SuggestManyAsync(
        IReadOnlyList<TriageInput> inputs, int perTarget, IReadOnlyCollection<TriageTarget> targets, CancellationToken cancellationToken)
    {
        var results = new TriageSuggestions[inputs.Count];
        Array.Fill(results, TriageSuggestions.None);
        if (inputs.All(i => string.IsNullOrWhiteSpace(i.Title) && string.IsNullOrWhiteSpace(i.Description)))
        {
            return results;
        }

        var models = new List<(TriageTarget Target, long Version, LoadedModel Model)>();
        foreach (var (target, version) in (await ActiveVersionsAsync(cancellationToken)).Where(v => targets.Contains(v.Key)).OrderBy(v => v.Key))
        {
            if (await ModelAsync(version) is { } model)
            {
                models.Add((target, version, model));
            }
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (models.Count == 0 || string.IsNullOrWhiteSpace(input.Title) && string.IsNullOrWhiteSpace(input.Description))
            {
                continue;
            }

            var words = TriageText.DistinctWords(input);
            results[i] = new TriageSuggestions(
            [
                .. models.Select(m => new TriageTargetSuggestions(
                    m.Target,
                    m.Version,
                    [
                        .. m.Model.Classifier.Predict(input)
                            .Take(perTarget)
                            .Select(s => new TriageSuggestion(s.Label, s.Confidence, m.Model.Keywords.StrongestWords(s.Label, words, WordsPerSuggestion))),
                    ])),
            ]);
        }

        return results;
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
