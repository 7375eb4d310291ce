using Npgsql;
using Shouldly;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.IntegrationTests.Tickets;

public sealed class TicketKpiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AtRiskWindow = TimeSpan.FromHours(4);

    [Fact]
    public async Task Kpis_of_an_empty_cache_are_zero_and_report_nothing_to_average()
    {
        await using var database = await TestDatabase.CreateAsync("kpi_empty", TestContext.Current.CancellationToken);

        var kpis = await KpisAsync(database, T0);

        kpis.IsEmpty.ShouldBeTrue();
        kpis.OpenTickets.ShouldBe(0);
        kpis.AvgResolutionHours.ShouldBeNull();
        kpis.SlaCompliancePercentage.ShouldBeNull();
        kpis.CriticalOpenTickets.ShouldBe(0);
        kpis.OverdueTickets.ShouldBe(0);
        kpis.AtRiskTickets.ShouldBe(0);
    }

    [Fact]
    public async Task Kpis_count_a_known_set_of_tickets_and_ignore_deleted_ones()
    {
        await using var database = await TestDatabase.CreateAsync("kpi_known", TestContext.Current.CancellationToken);
        await SeedAsync(
            database,
            TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, T0),
            TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Urgent, T0),
            TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Low, T0),
            TicketFactory.Create(TicketStatus.Pending, TicketPriority.High, T0),
            TicketFactory.Create(TicketStatus.OnHold, TicketPriority.Medium, T0),
            // resolved in 10 h, due in 24 h: met
            TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Critical, T0, resolvedAt: T0.AddHours(10), dueDate: T0.AddHours(24)),
            // closed in 30 h, due in 24 h: breached
            TicketFactory.Create(TicketStatus.Closed, TicketPriority.High, T0, resolvedAt: T0.AddHours(30), dueDate: T0.AddHours(24)),
            // resolved in 20 h without a due date: counts for the average only
            TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Low, T0, resolvedAt: T0.AddHours(20)),
            // cancelled: neither open nor resolved
            TicketFactory.Create(TicketStatus.Cancelled, TicketPriority.Critical, T0),
            // deleted at the remote: counts nowhere
            TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, T0, deletedAt: T0.AddDays(1)),
            TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Low, T0, resolvedAt: T0.AddHours(100), dueDate: T0.AddHours(1), deletedAt: T0.AddDays(1)));

        var kpis = await KpisAsync(database, T0);

        kpis.TotalTickets.ShouldBe(9);
        kpis.OpenTickets.ShouldBe(5);
        kpis.InProgressTickets.ShouldBe(2);
        kpis.ResolvedTickets.ShouldBe(3);
        kpis.AvgResolutionHours!.Value.ShouldBe(20.0, tolerance: 0.001);
        kpis.ResolvedWithDueDate.ShouldBe(2);
        kpis.SlaCompliancePercentage!.Value.ShouldBe(50.0, tolerance: 0.001);
        kpis.CriticalOpenTickets.ShouldBe(2);
    }

    [Fact]
    public async Task Overdue_and_at_risk_count_only_tickets_that_still_need_work()
    {
        await using var database = await TestDatabase.CreateAsync("kpi_sla", TestContext.Current.CancellationToken);
        var now = T0.AddDays(2);
        await SeedAsync(
            database,
            // overdue, one in each status that still needs work
            TicketFactory.Create(TicketStatus.Open, dueDate: now.AddHours(-1)),
            TicketFactory.Create(TicketStatus.InProgress, dueDate: now.AddDays(-1)),
            TicketFactory.Create(TicketStatus.Pending, dueDate: now.AddMinutes(-1)),
            TicketFactory.Create(TicketStatus.OnHold, dueDate: now.AddHours(-30)),
            // at risk: due within the window
            TicketFactory.Create(TicketStatus.Open, dueDate: now.AddHours(1)),
            TicketFactory.Create(TicketStatus.OnHold, dueDate: now.AddHours(3)),
            // due after the window, or never
            TicketFactory.Create(TicketStatus.Open, dueDate: now.AddHours(5)),
            TicketFactory.Create(TicketStatus.Open),
            // done or dropped: never overdue, whatever the due date said
            TicketFactory.Create(TicketStatus.Resolved, resolvedAt: T0.AddHours(1), dueDate: now.AddHours(-1)),
            TicketFactory.Create(TicketStatus.Closed, resolvedAt: T0.AddHours(1), dueDate: now.AddHours(1)),
            TicketFactory.Create(TicketStatus.Cancelled, dueDate: now.AddHours(-1)),
            // deleted at the remote
            TicketFactory.Create(TicketStatus.Open, dueDate: now.AddHours(-1), deletedAt: T0));

        var kpis = await KpisAsync(database, now);

        kpis.OverdueTickets.ShouldBe(4);
        kpis.AtRiskTickets.ShouldBe(2);
    }

    private static async Task<TicketKpis> KpisAsync(TestDatabase database, DateTimeOffset now)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return await new TicketStatsRepository(new TicketAggregateReader(dataSource))
            .GetKpisAsync(now, AtRiskWindow, TestContext.Current.CancellationToken);
    }

    private static async Task SeedAsync(TestDatabase database, params Ticket[] tickets)
    {
        await using var db = database.CreateDbContext();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
