using Shouldly;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaCalendar;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sla.Queries.GetSlaAdmin;
using Ticketing.Application.Sla.Queries.GetSlaCompliance;
using Ticketing.Application.Sla.Queries.GetTicketSla;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Analytics;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// <c>ticket_sla</c> kept current against real PostgreSQL: the triggers mark what changed (a new
/// ticket, a status change, a public reply, a sync), a policy or calendar change queues a full run,
/// and the recompute (sent as the background loop sends it) brings every ticket up to date.
/// </summary>
public sealed class SlaRecomputeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = DateTimeOffset.UtcNow.AddHours(-1);

    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 25) with { Purpose = "sla", SeedUsers = true });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task<int> RecomputeAsync() => _app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));

    private Task<Guid> DefaultPolicyAsync(int resolutionHours = 8) => _app.SendAsync(
        new SaveSlaPolicyCommand { Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = resolutionHours, PauseWhileWaiting = true },
        TestUser.Admin);

    [Fact]
    public async Task A_default_policy_gives_every_ticket_its_due_times()
    {
        var ticket = TicketFactory.Create(createdAt: Created);
        await _app.ReplaceTicketsAsync(ticket, TicketFactory.Create(createdAt: Created.AddMinutes(-5)));
        await DefaultPolicyAsync();

        await RecomputeAsync();

        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(2);
        var sla = await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff);
        sla.ShouldNotBeNull();
        sla.PolicyName.ShouldBe("Default");
        sla.ResolutionDueAt!.Value.ShouldBe(Created.AddHours(8), TimeSpan.FromMilliseconds(1));
        sla.FirstResponseDueAt!.Value.ShouldBe(Created.AddHours(1), TimeSpan.FromMilliseconds(1));
        // An hour old without a reply: the first response (1 h) is missed, the resolution (8 h) is not.
        sla.FirstResponseState.ShouldBe(SlaState.Breached);
        sla.ResolutionState.ShouldBe(SlaState.OnTrack);
        sla.State.ShouldBe(SlaState.Breached);
    }

    [Fact]
    public async Task A_status_change_to_pending_pauses_the_clock_at_the_next_recompute()
    {
        var ticket = TicketFactory.Create(createdAt: Created);
        await _app.ReplaceTicketsAsync(ticket);
        await DefaultPolicyAsync();
        await RecomputeAsync();

        var pendingSince = DateTimeOffset.UtcNow.AddMinutes(-30);
        await _app.ExecuteAsync(
            "INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source) VALUES ($1, 'status', 'open', 'pending', $2, now(), 'sync')",
            ticket.Id, pendingSince);
        await _app.ExecuteAsync("UPDATE tickets_cache SET status = 'pending', updated_at = $2 WHERE id = $1", ticket.Id, pendingSince);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty WHERE ticket_id = $1", ticket.Id)).ShouldBe(1);

        await RecomputeAsync();

        var sla = (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!;
        sla.IsPaused.ShouldBeTrue();
        sla.ResolutionDueAt.ShouldBeNull();
        sla.Paused.ShouldBeGreaterThan(TimeSpan.FromMinutes(29));
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty")).ShouldBe(0);
    }

    [Fact]
    public async Task A_public_reply_by_an_agent_meets_the_first_response_and_an_internal_note_does_not()
    {
        var ticket = TicketFactory.Create(createdAt: Created);
        await _app.ReplaceTicketsAsync(ticket);
        await DefaultPolicyAsync();
        await RecomputeAsync();
        await _app.ExecuteAsync("INSERT INTO remote_agents (id, name, email, active, refreshed_at) VALUES ('agt_sla', 'Ana Agent', 'ana.agent@example.org', true, now()) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email");

        await _app.ExecuteAsync(
            "INSERT INTO ticket_comments (ticket_id, external_comment_id, author_name, author_email, body, visibility, created_at) VALUES ($1, 'cmt_sla_1', 'Ana Agent', 'Ana.Agent@example.org', 'Looking', 'internal', $2)",
            ticket.Id, Created.AddMinutes(10));
        await RecomputeAsync();
        (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!.FirstResponseAt.ShouldBeNull();

        var repliedAt = Created.AddMinutes(20);
        await _app.ExecuteAsync(
            "INSERT INTO ticket_comments (ticket_id, external_comment_id, author_name, author_email, body, visibility, created_at) VALUES ($1, 'cmt_sla_2', 'Ana Agent', 'ana.agent@example.org', 'On it', 'public', $2)",
            ticket.Id, repliedAt);
        await RecomputeAsync();

        var sla = (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!;
        sla.FirstResponseAt!.Value.ShouldBe(repliedAt, TimeSpan.FromMilliseconds(1));
        sla.FirstResponseState.ShouldBe(SlaState.Met);
    }

    [Fact]
    public async Task A_calendar_change_recomputes_every_ticket_through_a_full_run_with_its_progress()
    {
        // Created on a Saturday: under a Monday-to-Friday calendar nothing counts until Monday 09:00.
        var saturday = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var ticket = TicketFactory.Create(createdAt: saturday);
        await _app.ReplaceTicketsAsync(ticket, TicketFactory.Create(createdAt: saturday), TicketFactory.Create(createdAt: saturday));
        var calendarCommand = SaveSlaCalendarCommand.Blank("UTC") with { Name = "Office" };
        var calendarId = await _app.SendAsync(calendarCommand, TestUser.Admin);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Business", IsDefault = true, FirstResponseHours = 1, ResolutionHours = 4, BusinessHours = true, CalendarId = calendarId },
            TestUser.Admin);
        await RecomputeAsync();
        (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!.ResolutionDueAt
            .ShouldBe(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));

        // Monday becomes a holiday.
        await _app.SendAsync(calendarCommand with { Id = calendarId, Holidays = "2026-11-30 Closing day" }, TestUser.Admin);
        var waiting = await _app.SendAsync(new GetSlaAdminQuery(), TestUser.Admin);
        waiting.Progress.RunFinishedAt.ShouldBeNull();
        waiting.Progress.RunTotal.ShouldBe(3);

        await RecomputeAsync();

        (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!.ResolutionDueAt
            .ShouldBe(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero));
        var done = await _app.SendAsync(new GetSlaAdminQuery(), TestUser.Admin);
        done.Progress.RunFinishedAt.ShouldNotBeNull();
        done.Progress.RunProcessed.ShouldBe(3);
    }

    [Fact]
    public async Task Compliance_counts_met_and_breached_targets_of_resolved_tickets_by_policy_and_month()
    {
        var now = DateTimeOffset.UtcNow;
        var created = new DateTimeOffset(now.Year, now.Month, 1, 0, 1, 0, TimeSpan.Zero);
        var inTime = TicketFactory.Create(TicketStatus.Resolved, createdAt: created, resolvedAt: created.AddHours(4));
        var late = TicketFactory.Create(TicketStatus.Closed, createdAt: created, resolvedAt: created.AddHours(12));
        await _app.ReplaceTicketsAsync(inTime, late, TicketFactory.Create(createdAt: created));
        await DefaultPolicyAsync();
        await RecomputeAsync();

        var row = (await _app.SendAsync(new GetSlaComplianceQuery(), TestUser.Staff)).ShouldHaveSingleItem();

        row.PolicyName.ShouldBe("Default");
        row.Month.ShouldBe(new DateOnly(now.Year, now.Month, 1));
        row.ResolutionMet.ShouldBe(1);
        row.ResolutionBreached.ShouldBe(1);

        // Resolved without a public reply: answered at resolution, 4 h and 12 h after creation, past the 1 h target.
        row.FirstResponseBreached.ShouldBe(2);
        row.ResolutionRate.ShouldBe(0.5);
    }

    [Fact]
    public async Task A_policy_change_moves_the_done_tickets_figures_and_the_analytics_rollups_stay_a_recomputation()
    {
        // Half resolved 2 to 20 hours after creation, half still open for 10 hours or more.
        var now = DateTimeOffset.UtcNow;
        var tickets = Enumerable.Range(0, 40).Select(i =>
        {
            var created = now.AddHours(-10 - (3 * i));
            return i % 2 == 0
                ? TicketFactory.Create(TicketStatus.Resolved, createdAt: created, resolvedAt: created.AddHours(2 + (i % 20)))
                : TicketFactory.Create(createdAt: created);
        }).ToArray();
        await _app.ReplaceTicketsAsync(tickets);
        var policy = await DefaultPolicyAsync(resolutionHours: 24);
        await RecomputeAsync();
        const string breachedDone = """
            SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id
            WHERE t.status IN ('resolved', 'closed') AND s.resolution_state = 'breached'
            """;
        (await _app.ScalarAsync<long>(breachedDone)).ShouldBe(0);

        await _app.SendAsync(
            new SaveSlaPolicyCommand { Id = policy, Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = 8, PauseWhileWaiting = true },
            TestUser.Admin);
        await RecomputeAsync();

        // Resolved in 10 to 20 hours (twelve tickets): met under 24 h, breached under 8 h; the rollups count them on the resolution day.
        var breached = await _app.ScalarAsync<long>(breachedDone);
        breached.ShouldBe(12);
        (await _app.ScalarAsync<long>("SELECT coalesce(sum(resolution_breached), 0)::bigint FROM analytics_day_rollups WHERE zone = 'UTC'"))
            .ShouldBe(breached);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id WHERE t.status = 'open' AND s.resolution_state = 'breached'"))
            .ShouldBe(20);
        await AnalyticsRollupTests.AssertKeptEqualsRebuiltAsync(_app.Database);
    }

    [Fact]
    public async Task A_sync_marks_every_mirrored_ticket_and_two_workers_share_the_backlog_without_overlap()
    {
        await DefaultPolicyAsync(resolutionHours: 24);
        await RecomputeAsync();
        await _app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));
        var mirrored = await _app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL");
        mirrored.ShouldBeGreaterThan(0);

        var counts = await Task.WhenAll(
            _app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000)),
            _app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000)));

        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla")).ShouldBe(mirrored);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty")).ShouldBe(0);
        counts.Sum().ShouldBeGreaterThanOrEqualTo((int)mirrored);
        (await _app.ScalarAsync<long>(
            "SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id WHERE s.resolution_due_at IS NULL AND t.status NOT IN ('pending', 'on_hold')"))
            .ShouldBe(0);
    }
}
