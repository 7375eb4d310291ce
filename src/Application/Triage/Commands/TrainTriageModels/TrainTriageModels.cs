using System.Diagnostics;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Commands.TrainTriageModels;

/// <summary>
/// Trains the category, department and priority models on the mirror's resolved and closed tickets,
/// evaluates each on the most recent 20 % beside two baselines (the commonest class; the keyword rule)
/// and stores it; a model is activated only when it beats both baselines on macro-F1. Sent by the
/// nightly job and by an admin's "Train now".
/// </summary>
public sealed record TrainTriageModelsCommand(int Seed = TrainTriageModelsCommand.DefaultSeed)
    : ICommand<TriageTrainingResult>, ISystemRequest, IAdminRequest
{
    public const int DefaultSeed = 20261206;
}

public sealed record TriageTrainingResult(Guid RunId, long TicketsRead, int SkippedForPhi, IReadOnlyList<TriageTrainingOutcome> Outcomes);

/// <summary>One target's result: the stored model (without its bytes), or null when there were too few tickets to train one.</summary>
public sealed record TriageTrainingOutcome(TriageTarget Target, TriageModel? Model, string Decision);

public sealed class TrainTriageModelsHandler(
    ITriageTrainingSource source,
    ITriageLearner learner,
    ITriageModelStore store,
    IOptions<TriageOptions> options,
    TimeProvider clock,
    IHeapHeadroom headroom,
    ILogger<TrainTriageModelsHandler> logger) : ICommandHandler<TrainTriageModelsCommand, TriageTrainingResult>
{
    public async ValueTask<TriageTrainingResult> Handle(TrainTriageModelsCommand command, CancellationToken cancellationToken)
    {
        // The sample's texts and the learner's features need more heap than an operator's cap allows (decision 148).
        using var wider = headroom.Widen();
        var settings = await store.GetSettingsAsync(cancellationToken);
        var expected = await source.CountAsync(cancellationToken);
        var sampler = new TriageSampler(expected, options.Value.TrainingSampleCap, options.Value.HoldOutSampleCap, command.Seed);
        var skipped = 0;
        await foreach (var example in source.ReadAsync(cancellationToken))
        {
            if (!settings.UsePhiTicketsForTraining && example.IsPhi)
            {
                skipped++;
                sampler.Skip();
                continue;
            }

            sampler.Add(example);
        }

        var runId = Guid.NewGuid();
        var outcomes = new List<TriageTrainingOutcome>();
        foreach (var target in Enum.GetValues<TriageTarget>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await TrainOneAsync(runId, target, sampler, cancellationToken);
            outcomes.Add(outcome);
            logger.LogInformation(
                "Triage training {Target}: {Decision} (read {Read} tickets, {Skipped} left out as PHI)",
                target, outcome.Decision, sampler.Read, skipped);
        }

        return new TriageTrainingResult(runId, sampler.Read, skipped, outcomes);
    }

    private async Task<TriageTrainingOutcome> TrainOneAsync(Guid runId, TriageTarget target, TriageSampler sampler, CancellationToken cancellationToken)
    {
        var training = sampler.Training.Where(e => !string.IsNullOrWhiteSpace(e.LabelFor(target))).ToList();
        var holdOut = sampler.HoldOut.Where(e => !string.IsNullOrWhiteSpace(e.LabelFor(target))).ToList();
        var classes = training.Select(e => e.LabelFor(target)).Distinct(StringComparer.Ordinal).Count();
        if (training.Count < options.Value.MinimumTrainingTickets || holdOut.Count == 0 || classes < 2)
        {
            return new TriageTrainingOutcome(
                target,
                null,
                $"Not trained: {training.Count:N0} labelled tickets to learn from in {classes} classes and {holdOut.Count:N0} to test on " +
                $"(at least {options.Value.MinimumTrainingTickets:N0}, two classes and one to test are needed).");
        }

        var stopwatch = Stopwatch.StartNew();
        var classifier = learner.Train(target, training, 0);
        var bytes = classifier.Save();
        stopwatch.Stop();

        var actual = holdOut.Select(e => e.LabelFor(target)!).ToList();
        var model = TriageEvaluation.Of(actual, holdOut.Select(e => classifier.Predict(e.Input)[0].Label).ToList());
        var keywordRule = KeywordRule.Learn(training.Select(e => (e.Input.TextFor(TriageTarget.Department), e.LabelFor(target)!)));
        var keyword = TriageEvaluation.Of(actual, holdOut.Select(e => keywordRule.Predict(e.Input.TextFor(TriageTarget.Department))).ToList());
        var commonest = training.GroupBy(e => e.LabelFor(target)!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var majority = TriageEvaluation.Of(actual, actual.Select(_ => commonest).ToList());

        var stored = new TriageModel
        {
            RunId = runId,
            Target = target,
            TrainedAt = clock.GetUtcNow(),
            TrainingMilliseconds = (int)stopwatch.ElapsedMilliseconds,
            TicketsRead = sampler.Read,
            TrainCount = training.Count,
            TestCount = holdOut.Count,
            Accuracy = model.Accuracy,
            MacroF1 = model.MacroF1,
            MajorityAccuracy = majority.Accuracy,
            MajorityMacroF1 = majority.MacroF1,
            KeywordAccuracy = keyword.Accuracy,
            KeywordMacroF1 = keyword.MacroF1,
            Labels = [.. model.Labels],
            ConfusionJson = JsonSerializer.Serialize(model.Confusion),
            KeywordsJson = JsonSerializer.Serialize(keywordRule.Keywords),
            ModelBytes = bytes,
        };
        var activate = stored.BeatsBaselines;
        stored.Decision = activate
            ? $"Activated: macro-F1 {stored.MacroF1:0.000} beats the commonest class ({stored.MajorityMacroF1:0.000}) and the keyword rule ({stored.KeywordMacroF1:0.000})."
            : $"Not activated: macro-F1 {stored.MacroF1:0.000} does not beat the commonest class ({stored.MajorityMacroF1:0.000}) and the keyword rule ({stored.KeywordMacroF1:0.000}).";
        await store.StoreAsync(stored, activate, cancellationToken);
        stored.IsActive = activate;
        stored.ModelBytes = [];
        return new TriageTrainingOutcome(target, stored, stored.Decision);
    }
}
