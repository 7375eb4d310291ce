using Shouldly;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sla.Queries.GetSlaCompliance;
using Ticketing.Application.Sla.Queries.GetTicketSla;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Application.Tickets.Queries.GetTickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// The list, its SLA filters and due sort, and the KPIs read the SLA policy's figures (<c>ticket_sla</c>) when a
/// policy covers a ticket and Championship IT's due date only when none does; an agent added or changed later marks
/// the tickets they replied to for recompute.
/// </summary>
public sealed class SlaListFiguresTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "slalist", SeedUsers = true });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task<int> RecomputeAsync() => _app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));

    private async Task<List<Guid>> ListAsync(TicketFilter filter, TicketSort sort)
    {
        var page = await _app.SendAsync(new GetTicketsQuery(filter, sort, new PageRequest(1, 100)), TestUser.Staff);
        return [.. page.Items.Select(i => i.Id)];
    }

    /// <summary>
    /// Critical tickets have a policy (first response 7 h, resolution 8 h, calendar hours); other priorities none.
    /// Each ticket's remote due date says the opposite of its policy, so a list that read the wrong one would fail.
    /// </summary>
    private async Task<(Ticket Breached, Ticket AtRisk, Ticket OnTrack, Ticket LateRemote, Ticket SoonRemote)> SeedAsync()
    {
        var breached = TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, Now.AddHours(-10), dueDate: Now.AddDays(5));
        var atRisk = TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Critical, Now.AddHours(-6.5), dueDate: Now.AddDays(-1));
        var onTrack = TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, Now.AddHours(-1), dueDate: Now.AddHours(-2));
        var lateRemote = TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, Now.AddDays(-3), dueDate: Now.AddHours(-1));
        var soonRemote = TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, Now.AddDays(-3), dueDate: Now.AddHours(1));
        var resolvedLate = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Critical, Now.AddDays(-2), resolvedAt: Now.AddDays(-1));
        await _app.ReplaceTicketsAsync(breached, atRisk, onTrack, lateRemote, soonRemote, resolvedLate);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Critical", Priorities = [TicketPriority.Critical], FirstResponseHours = 7, ResolutionHours = 8 },
            TestUser.Admin);
        await RecomputeAsync();
        return (breached, atRisk, onTrack, lateRemote, soonRemote);
    }

    [Fact]
    public async Task Overdue_and_at_risk_follow_the_policy_state_and_fall_back_to_the_due_date_without_a_policy()
    {
        var (breached, atRisk, _, lateRemote, soonRemote) = await SeedAsync();

        var overdue = await ListAsync(ListPresets.Overdue.Filter, ListPresets.Overdue.Sort);
        var risky = await ListAsync(ListPresets.AtRisk.Filter, ListPresets.AtRisk.Sort);

        overdue.ShouldBe([breached.Id, lateRemote.Id], ignoreOrder: true);
        risky.ShouldBe([atRisk.Id, soonRemote.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task The_due_sort_orders_by_the_policy_resolution_due_time_and_the_rows_carry_it()
    {
        var (breached, atRisk, onTrack, lateRemote, soonRemote) = await SeedAsync();

        var page = await _app.SendAsync(
            new GetTicketsQuery(ListPresets.Unresolved.Filter, new TicketSort(TicketSortField.Due, Ticketing.Application.Tickets.SortDirection.Asc), new PageRequest(1, 100)),
            TestUser.Staff);

        // Policy due: breached −2 h, at risk +1.5 h, on track +7 h; remote due: late −1 h, soon +1 h.
        page.Items.Select(i => i.Id).ShouldBe([breached.Id, lateRemote.Id, soonRemote.Id, atRisk.Id, onTrack.Id]);
        var row = page.Items[0].PolicySla.ShouldNotBeNull();
        row.State.ShouldBe(SlaState.Breached);
        row.ResolutionDueAt!.Value.ShouldBe(breached.CreatedAt.AddHours(8), TimeSpan.FromMilliseconds(1));
        page.Items.Single(i => i.Id == lateRemote.Id).PolicySla.ShouldBeNull();
        page.Items.Single(i => i.Id == lateRemote.Id).DueDate.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_kpis_equal_a_direct_count_of_the_list_after_changes()
    {
        var (breached, atRisk, _, lateRemote, _) = await SeedAsync();

        var before = await _app.SendAsync(new GetTicketKpisQuery(Fresh: true), TestUser.Staff);
        before.OverdueTickets.ShouldBe(2);
        before.AtRiskTickets.ShouldBe(2);

        // Resolve one policy-breached ticket and one remote-late one; take the at-risk one out of the policy.
        await _app.ExecuteAsync(
            "UPDATE tickets_cache SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE id = ANY($1)",
            new[] { breached.Id, lateRemote.Id });
        await _app.ExecuteAsync("UPDATE tickets_cache SET priority = 'low', updated_at = now() WHERE id = $1", atRisk.Id);
        await RecomputeAsync();

        var after = await _app.SendAsync(new GetTicketKpisQuery(Fresh: true), TestUser.Staff);
        var overdue = await ListAsync(ListPresets.Overdue.Filter, ListPresets.Overdue.Sort);
        var risky = await ListAsync(ListPresets.AtRisk.Filter, ListPresets.AtRisk.Sort);
        after.OverdueTickets.ShouldBe(overdue.Count);
        after.AtRiskTickets.ShouldBe(risky.Count);

        // The at-risk ticket is now judged by its remote due date (a day ago): overdue, not at risk.
        overdue.ShouldBe([atRisk.Id]);
        risky.Count.ShouldBe(1);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla WHERE is_open AND state = 'breached'")).ShouldBe(0);
    }

    [Fact]
    public async Task An_agent_added_or_changed_later_marks_the_tickets_they_replied_to_and_moves_the_first_response()
    {
        var ticket = TicketFactory.Create(createdAt: Now.AddHours(-1));
        var other = TicketFactory.Create(createdAt: Now.AddHours(-1));
        await _app.ReplaceTicketsAsync(ticket, other);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = 8 }, TestUser.Admin);
        var repliedAt = Now.AddMinutes(-50);
        await _app.ExecuteAsync(
            "INSERT INTO ticket_comments (ticket_id, external_comment_id, author_name, author_email, body, visibility, created_at) VALUES ($1, 'cmt_late_agent', 'Lee Late', 'Lee.Late@example.org', 'On it', 'public', $2)",
            ticket.Id, repliedAt);
        await RecomputeAsync();
        (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!.FirstResponseAt.ShouldBeNull();

        await _app.ExecuteAsync(
            "INSERT INTO remote_agents (id, name, email, active, refreshed_at) VALUES ('agt_late', 'Lee Late', 'lee.late@example.org', true, now())");

        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty WHERE ticket_id = $1", ticket.Id)).ShouldBe(1);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty WHERE ticket_id = $1", other.Id)).ShouldBe(0);
        await RecomputeAsync();
        var answered = (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!;
        answered.FirstResponseAt!.Value.ShouldBe(repliedAt, TimeSpan.FromMilliseconds(1));
        answered.FirstResponseState.ShouldBe(SlaState.Met);

        // A new name marks nothing; a new e-mail address does, and the reply no longer counts.
        await _app.ExecuteAsync("UPDATE remote_agents SET name = 'Lee Later' WHERE id = 'agt_late'");
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty")).ShouldBe(0);
        await _app.ExecuteAsync("UPDATE remote_agents SET email = 'lee@elsewhere.example.org' WHERE id = 'agt_late'");
        (await _app.ScalarAsync<long>("SELECT count(*) FROM sla_dirty WHERE ticket_id = $1", ticket.Id)).ShouldBe(1);
        await RecomputeAsync();
        (await _app.SendAsync(new GetTicketSlaQuery(ticket.Id), TestUser.Staff))!.FirstResponseAt.ShouldBeNull();
    }

    [Fact]
    public async Task Each_breached_compliance_figure_opens_a_list_of_exactly_its_tickets()
    {
        var thisMonth = new DateTimeOffset(Now.Year, Now.Month, 1, 0, 1, 0, TimeSpan.Zero);
        var lastMonth = thisMonth.AddMonths(-1);
        var inTime = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.High, thisMonth, resolvedAt: thisMonth.AddHours(4));
        var late = TicketFactory.Create(TicketStatus.Closed, TicketPriority.High, thisMonth, resolvedAt: thisMonth.AddHours(12));
        var lateBefore = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Low, lastMonth, resolvedAt: lastMonth.AddHours(30));
        var lateOther = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Critical, thisMonth, resolvedAt: thisMonth.AddHours(3));
        var open = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, thisMonth);
        await _app.ReplaceTicketsAsync(inTime, late, lateBefore, lateOther, open);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Critical", Position = 0, Priorities = [TicketPriority.Critical], FirstResponseHours = 1, ResolutionHours = 2 },
            TestUser.Admin);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Default", Position = 1, IsDefault = true, FirstResponseHours = 1, ResolutionHours = 8 }, TestUser.Admin);
        await RecomputeAsync();

        var rows = await _app.SendAsync(new GetSlaComplianceQuery(), TestUser.Staff);

        rows.Count.ShouldBe(3);
        var figures = 0;
        foreach (var row in rows)
        {
            foreach (var (target, figure) in new[] { (SlaTarget.FirstResponse, row.FirstResponseBreached), (SlaTarget.Resolution, row.ResolutionBreached) })
            {
                // Through the address the Overview links to, as a browser would send it back.
                var link = new TicketListAddress(TicketFilter.None with { Breach = new SlaBreachFilter(row.PolicyId, row.Month, target) }, TicketSort.Default, PageRequest.Default, []);
                var address = TicketListAddress.Parse(link.ToQueryString());
                address.Notes.ShouldBeEmpty();
                var page = await _app.SendAsync(new GetTicketsQuery(address.Filter, address.Sort, new PageRequest(1, 100)), TestUser.Staff);
                page.Total.ShouldBe(figure, $"{row.PolicyName} {row.Month} {target}");
                figures += figure;
            }
        }

        figures.ShouldBe(7);
        var defaultThisMonth = rows.Single(r => r.PolicyName == "Default" && r.Month == DateOnly.FromDateTime(thisMonth.UtcDateTime));
        var lateOnly = await _app.SendAsync(
            new GetTicketsQuery(TicketFilter.None with { Breach = new SlaBreachFilter(defaultThisMonth.PolicyId, defaultThisMonth.Month, SlaTarget.Resolution) }, TicketSort.Default, PageRequest.Default),
            TestUser.Staff);
        lateOnly.Items.Select(i => i.Id).ShouldBe([late.Id]);
    }
}
