using Shouldly;
using Ticketing.Application.Analytics;
using Ticketing.Application.Analytics.Queries.GetAnalytics;
using Ticketing.Application.Sla.Commands.DeleteSlaPolicy;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sla.Queries.GetSlaCompliance;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Tickets;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// The KPI strip's "SLA compliance" is the share of resolved tickets that met their SLA policy's resolution target,
/// read from the analytics rollups: equal to a direct count over <c>ticket_sla</c>, to the Overview's compliance table
/// and to the analytics page's key figure, and read again as soon as the SLA recompute writes (decision 145).
/// </summary>
public sealed class SlaKpiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    // Resolved or closed, not deleted, with a resolution time: what the rollups count on the resolution day.
    private const string DirectCount = """
        SELECT count(*) FILTER (WHERE s.resolution_state = 'met') || ',' || count(*) FILTER (WHERE s.resolution_state = 'breached')
        FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id
        WHERE t.deleted_at IS NULL AND t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL
        """;

    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "slakpi", SeedUsers = true });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task<int> RecomputeAsync() => _app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));

    private async Task<SlaResolutionTotals> CountDirectlyAsync()
    {
        var parts = (await _app.ScalarAsync<string>(DirectCount)).ShouldNotBeNull().Split(',');
        return new SlaResolutionTotals(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<SlaResolutionTotals> ReadKpiAsync(bool fresh = true) =>
        (await _app.SendAsync(new GetTicketKpisQuery(Fresh: fresh), TestUser.Staff)).PolicySla;

    private static Ticket Resolved(TicketPriority priority, double createdHoursAgo, double resolvedHoursAgo, double? dueHoursAfterCreation = null)
    {
        var created = Now.AddHours(-createdHoursAgo);
        return TicketFactory.Create(
            TicketStatus.Resolved, priority, created, resolvedAt: Now.AddHours(-resolvedHoursAgo),
            dueDate: dueHoursAfterCreation is { } due ? created.AddHours(due) : null);
    }

    [Fact]
    public async Task Without_a_policy_the_figure_has_no_data_and_the_due_date_figure_stays_apart()
    {
        // Both met Championship IT's due date: a figure that read it would say 100 %.
        await _app.ReplaceTicketsAsync(
            Resolved(TicketPriority.High, 30, 20, dueHoursAfterCreation: 24),
            Resolved(TicketPriority.Low, 30, 25, dueHoursAfterCreation: 24));
        await RecomputeAsync();

        var kpis = await _app.SendAsync(new GetTicketKpisQuery(Fresh: true), TestUser.Staff);

        kpis.PolicySla.ShouldBe(new SlaResolutionTotals(0, 0));
        kpis.PolicySla.Percent.ShouldBeNull();
        kpis.SlaCompliancePercentage.ShouldBe(100.0);
        (await CountDirectlyAsync()).Measured.ShouldBe(0);
    }

    [Fact]
    public async Task The_figure_equals_a_direct_count_over_ticket_sla_the_compliance_table_and_the_analytics_key_figure_after_changes()
    {
        // Critical: resolution 8 h; everything else (the default): 24 h. Met: resolved within the target.
        var criticalMet = Resolved(TicketPriority.Critical, 10, 4);
        var criticalLate = Resolved(TicketPriority.Critical, 20, 1);
        var lowMet = Resolved(TicketPriority.Low, 30, 10);
        var lowLate = Resolved(TicketPriority.Low, 40, 2);
        var openCritical = TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, Now.AddHours(-12));
        var openLow = TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Low, Now.AddHours(-2));
        await _app.ReplaceTicketsAsync(criticalMet, criticalLate, lowMet, lowLate, openCritical, openLow);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Critical", Position = 0, Priorities = [TicketPriority.Critical], FirstResponseHours = 1, ResolutionHours = 8 },
            TestUser.Admin);
        var defaultPolicy = await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Default", Position = 1, IsDefault = true, FirstResponseHours = 4, ResolutionHours = 24 }, TestUser.Admin);
        await RecomputeAsync();

        await ShouldAgreeAsync(new SlaResolutionTotals(2, 2));

        // The open critical ticket resolved now, past its 8 h; a met one reopened; a late one deleted.
        await _app.ExecuteAsync("UPDATE tickets_cache SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE id = $1", openCritical.Id);
        await _app.ExecuteAsync("UPDATE tickets_cache SET status = 'open', resolved_at = NULL, updated_at = now() WHERE id = $1", lowMet.Id);
        await _app.ExecuteAsync("UPDATE tickets_cache SET deleted_at = now(), updated_at = now() WHERE id = $1", lowLate.Id);
        await RecomputeAsync();

        await ShouldAgreeAsync(new SlaResolutionTotals(1, 2));

        // Without the default policy, only the critical tickets have an outcome.
        await _app.SendAsync(new DeleteSlaPolicyCommand(defaultPolicy), TestUser.Admin);
        await RecomputeAsync();

        await ShouldAgreeAsync(new SlaResolutionTotals(1, 2));
    }

    private async Task ShouldAgreeAsync(SlaResolutionTotals expected)
    {
        var direct = await CountDirectlyAsync();
        var kpi = await ReadKpiAsync();
        var table = await _app.SendAsync(new GetSlaComplianceQuery(), TestUser.Staff);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var analytics = await _app.SendAsync(
            new GetAnalyticsQuery(today.AddDays(-30), today, "UTC", AnalyticsFilter.None, Fresh: true), TestUser.Staff);

        direct.ShouldBe(expected);
        kpi.ShouldBe(direct);
        new SlaResolutionTotals(table.Sum(r => (long)r.ResolutionMet), table.Sum(r => (long)r.ResolutionBreached)).ShouldBe(direct);
        analytics.SlaPercent.ShouldBe(kpi.Percent);
    }

    [Fact]
    public async Task The_cached_figure_is_read_again_once_the_recompute_writes_a_ticket_resolved_past_its_target()
    {
        var late = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, Now.AddHours(-10));
        await _app.ReplaceTicketsAsync(Resolved(TicketPriority.High, 10, 6), late);
        await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = 8 }, TestUser.Admin);
        await RecomputeAsync();
        var before = await _app.SendAsync(new GetTicketKpisQuery(), TestUser.Staff);
        before.PolicySla.ShouldBe(new SlaResolutionTotals(1, 0));

        // Written behind the repository's back, so no ticket write evicts the figures: only the recompute can.
        await _app.ExecuteAsync("UPDATE tickets_cache SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE id = $1", late.Id);
        (await _app.SendAsync(new GetTicketKpisQuery(), TestUser.Staff)).ShouldBeSameAs(before);
        await RecomputeAsync();

        var after = await _app.SendAsync(new GetTicketKpisQuery(), TestUser.Staff);
        after.PolicySla.ShouldBe(new SlaResolutionTotals(1, 1));
        after.PolicySla.Percent.ShouldBe(50.0);
        (await CountDirectlyAsync()).ShouldBe(after.PolicySla);
    }
}
