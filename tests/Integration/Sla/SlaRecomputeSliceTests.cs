using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sla.Queries.GetSlaAdmin;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Analytics;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// A full SLA run split into slices that several workers recompute at once (decision 143), against real PostgreSQL:
/// three lanes per command, slices of seven tickets, the background loop off so each test decides when batches run.
/// </summary>
public sealed class SlaRecomputeSliceTests : IAsyncLifetime
{
    private const int SliceSize = 7;
    private const int Tickets = 45;

    // Rows whose resolution due time is not the 8-hour target's (calendar hours, no pauses in these tickets).
    private const string NotUnderEightHours =
        "SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id WHERE s.resolution_due_at <> t.created_at + interval '8 hours'";

    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 5) with
        {
            Purpose = "slaslices",
            SeedUsers = true,
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Sla:RunRecompute"] = "false",
                ["Ticketing:Sla:RecomputeRunBatchSize"] = SliceSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Ticketing:Sla:RecomputeWorkers"] = "3",
            },
        });
        var now = DateTimeOffset.UtcNow;
        await _app.ReplaceTicketsAsync([.. Enumerable.Range(0, Tickets).Select(i =>
        {
            var created = now.AddHours(-10 - (2 * i));
            return i % 3 == 0
                ? TicketFactory.Create(TicketStatus.Resolved, createdAt: created, resolvedAt: created.AddHours(2 + (i % 20)))
                : TicketFactory.Create(createdAt: created);
        })]);

        // The marks the load left are not part of a policy change.
        await _app.ExecuteAsync("TRUNCATE sla_dirty");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task<int> RecomputeAsync(int maxBatches = 1_000) => _app.SendAsync(new RecomputeSlaCommand(MaxBatches: maxBatches));

    private Task<Guid> SavePolicyAsync(int resolutionHours, Guid? id = null) => _app.SendAsync(
        new SaveSlaPolicyCommand { Id = id, Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = resolutionHours },
        TestUser.Admin);

    private Task<long> MirroredAsync() => _app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache");

    [Fact]
    public async Task A_run_is_split_into_slices_of_the_run_batch_size_and_the_first_batch_takes_one()
    {
        await SavePolicyAsync(24);
        var mirrored = await MirroredAsync();

        (await RecomputeAsync(maxBatches: 1)).ShouldBe(SliceSize);

        // Every seventh id closes a slice, and one open slice takes whatever comes after the last boundary.
        var slices = (mirrored / SliceSize) + 1;
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_recompute_slices")).ShouldBe(slices - 1);
        (await _app.ScalarAsync<long>("SELECT processed FROM sla_recompute_runs ORDER BY id DESC LIMIT 1")).ShouldBe(SliceSize);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(SliceSize);
    }

    [Fact]
    public async Task Three_lanes_finish_a_run_with_exact_progress_every_row_written_once_and_the_rollups_a_recomputation()
    {
        var policy = await SavePolicyAsync(24);
        await RecomputeAsync();
        await SavePolicyAsync(8, policy);
        var mirrored = await MirroredAsync();

        var processed = await RecomputeAsync();

        processed.ShouldBeGreaterThanOrEqualTo((int)mirrored);
        var progress = (await _app.SendAsync(new GetSlaAdminQuery(), TestUser.Admin)).Progress;
        progress.RunFinishedAt.ShouldNotBeNull();
        progress.RunProcessed.ShouldBe(mirrored);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_recompute_slices")).ShouldBe(0);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(
            await _app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL"));
        (await _app.ScalarAsync<long>(NotUnderEightHours)).ShouldBe(0);
        await AnalyticsRollupTests.AssertKeptEqualsRebuiltAsync(_app.Database);
    }

    [Fact]
    public async Task A_slice_whose_worker_died_mid_batch_is_left_to_it_and_taken_again_afterwards_so_the_run_counts_each_ticket_once()
    {
        await SavePolicyAsync(24);
        (await RecomputeAsync(maxBatches: 1)).ShouldBe(SliceSize);
        var mirrored = await MirroredAsync();

        // A worker holds the second slice's lock (a batch under way) when the others run.
        await using var dying = new NpgsqlConnection(_app.Database.ConnectionString);
        await dying.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = await dying.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var hold = new NpgsqlCommand(
            "SELECT slice FROM sla_recompute_slices ORDER BY run_id, slice LIMIT 1 FOR UPDATE", dying, transaction))
        {
            (await hold.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe(2);
        }

        await RecomputeAsync();
        var run = "SELECT processed FROM sla_recompute_runs ORDER BY id DESC LIMIT 1";
        (await _app.ScalarAsync<long>(run)).ShouldBe(mirrored - SliceSize);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_recompute_runs WHERE finished_at IS NULL")).ShouldBe(1);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_recompute_slices")).ShouldBe(1);

        // The worker dies: its transaction is rolled back and the slice is free again.
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        await RecomputeAsync();

        (await _app.ScalarAsync<long>(run)).ShouldBe(mirrored);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_recompute_runs WHERE finished_at IS NULL")).ShouldBe(0);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(
            await _app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL"));
    }

    [Fact]
    public async Task A_run_superseded_mid_way_leaves_no_slices_and_the_new_run_covers_every_ticket()
    {
        var policy = await SavePolicyAsync(24);
        await RecomputeAsync(maxBatches: 2);
        await SavePolicyAsync(8, policy);
        var mirrored = await MirroredAsync();

        await RecomputeAsync();

        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_recompute_slices")).ShouldBe(0);
        (await _app.ScalarAsync<long>("SELECT processed FROM sla_recompute_runs WHERE NOT superseded ORDER BY id DESC LIMIT 1")).ShouldBe(mirrored);
        (await _app.ScalarAsync<long>(NotUnderEightHours)).ShouldBe(0);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(
            await _app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL"));
    }

    [Fact]
    public async Task A_batch_evaluated_with_rules_read_before_a_policy_change_is_not_written_and_the_round_reads_the_rules_again()
    {
        var policy = await SavePolicyAsync(24);
        await RecomputeAsync();
        var live = await _app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL");
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(live);

        // A round read the version and the rules (24 h); then an admin shortens the target before its batch is written.
        var processed = await _app.InScopeAsync(async services =>
        {
            var store = services.GetRequiredService<ISlaRecomputeStore>();
            var version = await store.GetRulesVersionAsync(TestContext.Current.CancellationToken);
            await SavePolicyAsync(8, policy);

            // The stale evaluation would drop every row: a refused batch writes nothing.
            return await store.ProcessBatchAsync(
                100, SliceSize, version, tickets => [.. tickets.Select(t => new TicketSlaRow(t.TicketId, null, null, DateTimeOffset.UtcNow))],
                TestContext.Current.CancellationToken);
        });

        processed.ShouldBeNull();
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(live);
        (await _app.ScalarAsync<long>("SELECT processed FROM sla_recompute_runs ORDER BY id DESC LIMIT 1")).ShouldBe(0);

        // The next round reads the new rules and its run covers every ticket with them.
        await RecomputeAsync();

        (await _app.ScalarAsync<long>(NotUnderEightHours)).ShouldBe(0);
        (await _app.ScalarAsync<long>("SELECT processed FROM sla_recompute_runs ORDER BY id DESC LIMIT 1")).ShouldBe(await MirroredAsync());
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(live);
    }
}
