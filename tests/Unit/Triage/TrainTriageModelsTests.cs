using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.TrainTriageModels;
using Ticketing.Domain.Triage;

namespace Ticketing.UnitTests.Triage;

/// <summary>The activation rule and the PHI setting, with the learner replaced by classifiers of known quality.</summary>
public sealed class TrainTriageModelsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Categories = ["Network", "Printing", "Access", "Hardware"];

    private readonly ITriageModelStore _store = Substitute.For<ITriageModelStore>();
    private readonly ITriageLearner _learner = Substitute.For<ITriageLearner>();
    private readonly List<(TriageModel Model, bool Activate)> _stored = [];
    private readonly List<TriageExample> _tickets;
    private readonly IHeapHeadroom _headroom = Substitute.For<IHeapHeadroom>();
    private readonly IDisposable _widened = Substitute.For<IDisposable>();

    public TrainTriageModelsTests()
    {
        // The category's name is in the title of six tickets in seven; the rest say nothing.
        _tickets = Enumerable.Range(0, 400).Select(i =>
        {
            var category = Categories[i % Categories.Length];
            var title = i % 7 == 3 ? "computer problem" : $"{category.ToLowerInvariant()} trouble";
            return new TriageExample(Guid.NewGuid(), title, $"details {i}", "Sales", category, i % 5 == 0 ? "high" : "low", DateTimeOffset.UnixEpoch.AddHours(i));
        }).ToList();
        _store.GetSettingsAsync(Arg.Any<CancellationToken>()).Returns(new TriageSettings());
        _store.StoreAsync(Arg.Any<TriageModel>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(Task.CompletedTask)
            .AndDoes(call => _stored.Add((call.Arg<TriageModel>(), call.Arg<bool>())));
        _headroom.Widen().Returns(_widened);
    }

    [Fact]
    public async Task Trains_with_the_heap_cap_widened_and_restores_it_after()
    {
        _learner.Train(Arg.Any<TriageTarget>(), Arg.Any<IReadOnlyList<TriageExample>>(), Arg.Any<int>())
            .Returns(call =>
            {
                // Every target learns inside the wider cap.
                _widened.DidNotReceive().Dispose();
                return new ConstantClassifier("Network");
            });

        await HandleAsync();

        _headroom.Received(1).Widen();
        _learner.ReceivedCalls().ShouldNotBeEmpty();
        _widened.Received(1).Dispose();
    }

    [Fact]
    public async Task A_model_that_beats_both_baselines_is_activated()
    {
        _learner.Train(Arg.Any<TriageTarget>(), Arg.Any<IReadOnlyList<TriageExample>>(), Arg.Any<int>())
            .Returns(call => new OracleClassifier(call.Arg<TriageTarget>(), _tickets));

        var result = await HandleAsync();

        var category = _stored.Single(s => s.Model.Target == TriageTarget.Category);
        category.Activate.ShouldBeTrue();
        category.Model.MacroF1.ShouldBe(1);
        category.Model.KeywordMacroF1.ShouldBeLessThan(1);
        category.Model.TestCount.ShouldBe(80);
        category.Model.TrainCount.ShouldBe(320);
        result.Outcomes.Single(o => o.Target == TriageTarget.Category).Decision.ShouldStartWith("Activated");
    }

    [Fact]
    public async Task A_model_no_better_than_the_commonest_class_is_stored_but_not_activated()
    {
        _learner.Train(Arg.Any<TriageTarget>(), Arg.Any<IReadOnlyList<TriageExample>>(), Arg.Any<int>())
            .Returns(new ConstantClassifier("Network"));

        var result = await HandleAsync();

        var category = _stored.Single(s => s.Model.Target == TriageTarget.Category);
        category.Activate.ShouldBeFalse();
        category.Model.MacroF1.ShouldBe(category.Model.MajorityMacroF1, 1e-9);
        result.Outcomes.Single(o => o.Target == TriageTarget.Category).Decision.ShouldStartWith("Not activated");
    }

    [Fact]
    public async Task A_model_worse_than_the_keyword_rule_is_not_activated()
    {
        // Right on the tickets the keyword rule gets right anyway, wrong on every generic one.
        _learner.Train(Arg.Any<TriageTarget>(), Arg.Any<IReadOnlyList<TriageExample>>(), Arg.Any<int>())
            .Returns(call => new KeywordOnlyClassifier(call.Arg<TriageTarget>(), _tickets));

        await HandleAsync();

        var category = _stored.Single(s => s.Model.Target == TriageTarget.Category);
        category.Model.MacroF1.ShouldBeGreaterThan(category.Model.MajorityMacroF1);
        category.Model.MacroF1.ShouldBeLessThanOrEqualTo(category.Model.KeywordMacroF1);
        category.Activate.ShouldBeFalse();
    }

    [Fact]
    public async Task Tickets_with_PHI_are_left_out_of_training_unless_an_admin_allows_them()
    {
        _learner.Train(Arg.Any<TriageTarget>(), Arg.Any<IReadOnlyList<TriageExample>>(), Arg.Any<int>())
            .Returns(new ConstantClassifier("Network"));
        for (var i = 0; i < _tickets.Count; i++)
        {
            _tickets[i] = _tickets[i] with { IsPhi = _tickets[i].Title.StartsWith("printing", StringComparison.Ordinal) };
        }

        var withoutPhi = await HandleAsync();
        withoutPhi.SkippedForPhi.ShouldBe(_tickets.Count(e => e.Title.StartsWith("printing", StringComparison.Ordinal)));
        withoutPhi.SkippedForPhi.ShouldBeGreaterThan(0);
        _learner.Received().Train(TriageTarget.Category, Arg.Is<IReadOnlyList<TriageExample>>(l => l.All(e => !e.Title.StartsWith("printing", StringComparison.Ordinal))), Arg.Any<int>());

        _learner.ClearReceivedCalls();
        _store.GetSettingsAsync(Arg.Any<CancellationToken>()).Returns(new TriageSettings { UsePhiTicketsForTraining = true });
        var withPhi = await HandleAsync();
        withPhi.SkippedForPhi.ShouldBe(0);
        _learner.Received().Train(TriageTarget.Category, Arg.Is<IReadOnlyList<TriageExample>>(l => l.Any(e => e.Title.StartsWith("printing", StringComparison.Ordinal))), Arg.Any<int>());
    }

    [Fact]
    public async Task Too_few_labelled_tickets_train_nothing()
    {
        _tickets.RemoveRange(20, _tickets.Count - 20);

        var result = await HandleAsync();

        _stored.ShouldBeEmpty();
        result.Outcomes.ShouldAllBe(o => o.Model == null && o.Decision.StartsWith("Not trained", StringComparison.Ordinal));
    }

    private async Task<TriageTrainingResult> HandleAsync()
    {
        var source = Substitute.For<ITriageTrainingSource>();
        source.CountAsync(Arg.Any<CancellationToken>()).Returns(_tickets.Count);
        source.ReadAsync(Arg.Any<CancellationToken>()).Returns(_ => _tickets.ToAsyncEnumerable());
        var handler = new TrainTriageModelsHandler(
            source, _learner, _store, Options.Create(new TriageOptions()), TimeProvider.System, _headroom, NullLogger<TrainTriageModelsHandler>.Instance);
        return await handler.Handle(new TrainTriageModelsCommand(), Ct);
    }

    private sealed class ConstantClassifier(string label) : ITriageClassifier
    {
        public IReadOnlyList<TriageScore> Predict(TriageInput input) => [new(label, 0.9)];

        public byte[] Save() => [1];
    }

    private sealed class OracleClassifier(TriageTarget target, IReadOnlyList<TriageExample> tickets) : ITriageClassifier
    {
        private readonly Dictionary<TriageInput, string> _labels = tickets
            .GroupBy(t => t.Input).ToDictionary(g => g.Key, g => g.First().LabelFor(target)!);

        public IReadOnlyList<TriageScore> Predict(TriageInput input) => [new(_labels[input], 0.99)];

        public byte[] Save() => [2];
    }

    private sealed class KeywordOnlyClassifier(TriageTarget target, IReadOnlyList<TriageExample> tickets) : ITriageClassifier
    {
        public IReadOnlyList<TriageScore> Predict(TriageInput input)
        {
            var label = input.Title == "computer problem" ? "Unknown" : tickets.First(t => t.Input == input).LabelFor(target)!;
            return [new(label, 0.5)];
        }

        public byte[] Save() => [3];
    }
}
