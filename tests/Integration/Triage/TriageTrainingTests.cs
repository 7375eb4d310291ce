using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.RecordTriageFeedback;
using Ticketing.Application.Triage.Commands.TrainTriageModels;
using Ticketing.Application.Triage.Queries.SuggestTriage;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Triage;
using Ticketing.IntegrationTests.Hosting;

namespace Ticketing.IntegrationTests.Triage;

/// <summary>
/// One app whose mirror holds the simulator's generated tickets (seeded, with their learnable signal and
/// noise), synced the app's own way, and trained once on them.
/// </summary>
public sealed class TriageTrainingFixture : IAsyncLifetime
{
    public const int TicketCount = 5_000;

    public TestApp App { get; private set; } = null!;

    public TriageTrainingResult Training { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The auto-apply loop is off so the tests run its rounds themselves and know when one is over.
        App = await TestApp.StartAsync(TestAppOptions.Composed(TicketCount, seed: 2212) with
        {
            Purpose = "triage",
            Settings = new Dictionary<string, string?> { ["Ticketing:Triage:RunAutoApply"] = "false" },
        });
        await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));
        Training = await App.SendAsync(new TrainTriageModelsCommand());
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

[StartsFirst]
public sealed partial class TriageTrainingTests(TriageTrainingFixture fixture) : IClassFixture<TriageTrainingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => fixture.App;

    private TriageModel Model(TriageTarget target) => fixture.Training.Outcomes.Single(o => o.Target == target).Model!;

    [Fact]
    public async Task Training_streams_the_resolved_tickets_and_splits_off_the_newest_fifth()
    {
        var resolved = await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE status IN ('resolved', 'closed') AND deleted_at IS NULL");

        fixture.Training.TicketsRead.ShouldBe(resolved);
        resolved.ShouldBeGreaterThan(3_000);
        var category = Model(TriageTarget.Category);
        (category.TrainCount + category.TestCount).ShouldBeLessThanOrEqualTo((int)resolved);
        category.TestCount.ShouldBeInRange((int)(resolved * 0.18), (int)(resolved * 0.2) + 1);
    }

    [Fact]
    public void The_category_model_beats_both_baselines_by_a_wide_margin_and_is_activated()
    {
        var category = Model(TriageTarget.Category);

        category.MacroF1.ShouldBeGreaterThan(category.MajorityMacroF1 + 0.6);
        category.MacroF1.ShouldBeGreaterThan(category.KeywordMacroF1);
        category.Accuracy.ShouldBeGreaterThan(0.8);
        category.Accuracy.ShouldBeLessThan(0.98, "generic titles and mislabelled categories cap what text can tell");
        category.IsActive.ShouldBeTrue();
        category.Labels.ShouldContain("Network");
    }

    [Fact]
    public void The_department_and_priority_models_beat_the_commonest_class()
    {
        var department = Model(TriageTarget.Department);
        var priority = Model(TriageTarget.Priority);

        department.MacroF1.ShouldBeGreaterThan(department.MajorityMacroF1 + 0.25);
        priority.MacroF1.ShouldBeGreaterThan(priority.MajorityMacroF1 + 0.2);
        department.IsActive.ShouldBe(department.BeatsBaselines);
        priority.IsActive.ShouldBe(priority.BeatsBaselines);
    }

    [Fact]
    public async Task The_stored_model_round_trips_through_the_database_and_serves_suggestions()
    {
        var version = Model(TriageTarget.Category).Version;
        var stored = await App.InScopeAsync(s => s.GetRequiredService<ITriageModelStore>().GetAsync(version, Ct));
        stored.ShouldNotBeNull();
        stored.ModelBytes.Length.ShouldBeGreaterThan(1_000);
        (await App.ScalarAsync<int>($"SELECT octet_length(model_bytes) FROM triage_models WHERE version = {version}")).ShouldBe(stored.ModelBytes.Length);

        var loaded = App.Services.GetRequiredService<ITriageLearner>().Load(TriageTarget.Category, stored.ModelBytes);
        var input = new TriageInput("VPN tunnel drops every few minutes", "The VPN client disconnects and the network share is gone.", "Sales");
        var direct = loaded.Predict(input);
        direct[0].Label.ShouldBe("Network");

        var suggestions = await App.SendAsync(new SuggestTriageQuery(input.Title, input.Description, input.Department));
        var category = suggestions.For(TriageTarget.Category).ShouldNotBeNull();
        category.ModelVersion.ShouldBe(version);
        category.Suggestions[0].Value.ShouldBe("Network");
        category.Suggestions[0].Confidence.ShouldBe(direct[0].Confidence, 1e-6);
        category.Suggestions[0].Words.ShouldContain("vpn");
        category.Suggestions.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_model_no_better_than_the_baseline_is_stored_inactive_and_the_active_one_stays()
    {
        var active = Model(TriageTarget.Category).Version;

        // With every text and department alike the model can only guess the commonest class, so it ties the
        // baseline; the mirror is put back afterwards because the other tests of this class read it.
        await App.ExecuteAsync("CREATE TABLE triage_test_saved AS SELECT id, title, description, department FROM tickets_cache");
        TriageTrainingResult worse;
        try
        {
            await App.ExecuteAsync("UPDATE tickets_cache SET title = 'Help needed', description = 'Please help.', department = NULL");
            worse = await App.SendAsync(new TrainTriageModelsCommand());
        }
        finally
        {
            await App.ExecuteAsync("""
                UPDATE tickets_cache t SET title = s.title, description = s.description, department = s.department
                FROM triage_test_saved s WHERE s.id = t.id;
                DROP TABLE triage_test_saved;
                """);
        }

        var stored = worse.Outcomes.Single(o => o.Target == TriageTarget.Category).Model.ShouldNotBeNull();
        stored.BeatsBaselines.ShouldBeFalse();
        stored.Decision.ShouldStartWith("Not activated");
        (await App.ScalarAsync<bool>($"SELECT is_active FROM triage_models WHERE version = {stored.Version}")).ShouldBeFalse();
        (await App.ScalarAsync<bool>($"SELECT is_active FROM triage_models WHERE version = {active}")).ShouldBeTrue();
        (await App.ScalarAsync<long>("SELECT version FROM triage_models WHERE target = 'category' AND is_active")).ShouldBe(active);
        var versions = await App.InScopeAsync(s => s.GetRequiredService<ITriageModelStore>().GetActiveVersionsAsync(Ct));
        versions[TriageTarget.Category].ShouldBe(active);
    }

    [Fact]
    public async Task A_persons_feedback_is_the_label_the_next_training_reads()
    {
        var ticketId = await App.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE status = 'closed' AND category = 'Network' ORDER BY created_at LIMIT 1");
        await App.SendAsync(new RecordTriageFeedbackCommand(ticketId, [new TriageFeedbackItem(TriageTarget.Category, "Network", "Printing", 0.7, null)]));

        var read = await App.InScopeAsync(async s =>
        {
            await foreach (var example in s.GetRequiredService<ITriageTrainingSource>().ReadAsync(Ct))
            {
                if (example.TicketId == ticketId)
                {
                    return example;
                }
            }

            return null;
        });

        read.ShouldNotBeNull();
        read.Category.ShouldBe("Printing");
        var acceptance = await App.InScopeAsync(s => s.GetRequiredService<ITriageModelStore>().GetAcceptanceAsync(Ct));
        acceptance.Single(a => a.Target == TriageTarget.Category).Overridden.ShouldBeGreaterThanOrEqualTo(1);
    }
}
