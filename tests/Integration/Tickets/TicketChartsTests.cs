using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Shouldly;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.IntegrationTests.Tickets;

public sealed class TicketChartsTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Charts_of_an_empty_cache_list_every_status_and_priority_and_thirty_zero_days()
    {
        await using var database = await TestDatabase.CreateAsync("charts_empty", TestContext.Current.CancellationToken);

        var charts = await ChartsAsync(database);

        charts.ByStatus.ShouldBe(Counts(("Open", 0), ("In progress", 0), ("Pending", 0), ("On hold", 0), ("Resolved", 0), ("Closed", 0), ("Cancelled", 0)));
        charts.ByPriority.ShouldBe(Counts(("Low", 0), ("Medium", 0), ("High", 0), ("Urgent", 0), ("Critical", 0)));
        charts.ByCategory.ShouldBeEmpty();
        charts.ByDepartment.ShouldBeEmpty();
        charts.CreatedVsResolved.Count.ShouldBe(30);
        charts.CreatedVsResolved.ShouldAllBe(d => d.Created == 0 && d.Resolved == 0);
    }

    [Fact]
    public async Task Charts_count_a_known_set_by_status_priority_category_and_department_without_deleted_tickets()
    {
        await using var database = await TestDatabase.CreateAsync("charts_known", TestContext.Current.CancellationToken);
        await SeedAsync(
            database,
            Ticket(TicketStatus.Open, TicketPriority.Critical, "Network", "IT Operations"),
            Ticket(TicketStatus.Open, TicketPriority.High, "Network", "Finance"),
            Ticket(TicketStatus.Open, TicketPriority.Low, "Hardware", "Finance"),
            Ticket(TicketStatus.InProgress, TicketPriority.Urgent, "Hardware", "IT Operations"),
            Ticket(TicketStatus.OnHold, TicketPriority.Medium, "Software", null),
            Ticket(TicketStatus.Resolved, TicketPriority.Medium, null, "Finance", resolvedAt: T0.AddHours(5)),
            Ticket(TicketStatus.Closed, TicketPriority.Low, "Network", "IT Operations", resolvedAt: T0.AddHours(9)),
            Ticket(TicketStatus.Cancelled, TicketPriority.Low, "Access", "Sales"),
            // deleted at the remote: counts nowhere, though they would change every chart
            Ticket(TicketStatus.Open, TicketPriority.Critical, "Access", "Sales", deletedAt: T0.AddDays(1)),
            Ticket(TicketStatus.Pending, TicketPriority.Critical, "Security", "Legal", deletedAt: T0.AddDays(1)));

        var charts = await ChartsAsync(database);

        charts.ByStatus.ShouldBe(Counts(("Open", 3), ("In progress", 1), ("Pending", 0), ("On hold", 1), ("Resolved", 1), ("Closed", 1), ("Cancelled", 1)));
        charts.ByPriority.ShouldBe(Counts(("Low", 3), ("Medium", 2), ("High", 1), ("Urgent", 1), ("Critical", 1)));
        // largest first, ties by name, and tickets without a value are a bar of their own
        charts.ByCategory.ShouldBe(Counts(("Network", 3), ("Hardware", 2), ("Access", 1), ("Software", 1), (TicketCharts.NoCategoryLabel, 1)));
        charts.ByDepartment.ShouldBe(Counts(("Finance", 3), ("IT Operations", 3), ("Sales", 1), (TicketCharts.NoDepartmentLabel, 1)));
    }

    [Fact]
    public async Task Categories_and_departments_beyond_the_top_ten_fold_into_other()
    {
        await using var database = await TestDatabase.CreateAsync("charts_top", TestContext.Current.CancellationToken);
        // 13 categories: "Cat 01" has 13 tickets, "Cat 02" 12, … "Cat 13" one; departments the same, reversed.
        var tickets = new List<Ticket>();
        for (var c = 1; c <= 13; c++)
        {
            for (var n = 0; n < 14 - c; n++)
            {
                tickets.Add(Ticket(TicketStatus.Open, TicketPriority.Medium, $"Cat {c:D2}", $"Dept {14 - c:D2}"));
            }
        }

        tickets.Add(Ticket(TicketStatus.Open, TicketPriority.Medium, "Cat 01", "Dept 13", deletedAt: T0));
        await SeedAsync(database, [.. tickets]);

        var charts = await ChartsAsync(database);

        charts.ByCategory.Count.ShouldBe(11);
        charts.ByCategory.Take(10).ShouldBe([.. Enumerable.Range(1, 10).Select(c => new ChartCount($"Cat {c:D2}", 14 - c))]);
        charts.ByCategory[10].ShouldBe(new ChartCount(TicketCharts.OtherLabel, 3 + 2 + 1));
        charts.ByDepartment.Count.ShouldBe(11);
        charts.ByDepartment[0].ShouldBe(new ChartCount("Dept 13", 13));
        charts.ByDepartment[9].ShouldBe(new ChartCount("Dept 04", 4));
        charts.ByDepartment[10].ShouldBe(new ChartCount(TicketCharts.OtherLabel, 6));
        charts.ByCategory.Sum(c => c.Count).ShouldBe(91);
    }

    [Fact]
    public async Task Exactly_ten_categories_need_no_other()
    {
        await using var database = await TestDatabase.CreateAsync("charts_ten", TestContext.Current.CancellationToken);
        await SeedAsync(database, [.. Enumerable.Range(1, 10).Select(c => Ticket(TicketStatus.Open, TicketPriority.Medium, $"Cat {c:D2}", "IT"))]);

        var charts = await ChartsAsync(database);

        charts.ByCategory.Count.ShouldBe(10);
        charts.ByCategory.ShouldNotContain(c => c.Label == TicketCharts.OtherLabel);
    }

    [Fact]
    public async Task Created_and_resolved_per_utc_day_cover_the_last_thirty_days_with_zeros()
    {
        await using var database = await TestDatabase.CreateAsync("charts_daily", TestContext.Current.CancellationToken);
        var firstDay = Today.AddDays(-29);
        await SeedAsync(
            database,
            // created 3 days ago, resolved yesterday
            Ticket(TicketStatus.Resolved, TicketPriority.High, "Network", "IT", createdAt: At(Today.AddDays(-3), 10), resolvedAt: At(Today.AddDays(-1), 16)),
            // created and closed today
            Ticket(TicketStatus.Closed, TicketPriority.Low, "Network", "IT", createdAt: At(Today, 1), resolvedAt: At(Today, 2)),
            // created 3 days ago, still open
            Ticket(TicketStatus.Open, TicketPriority.Low, "Network", "IT", createdAt: At(Today.AddDays(-3), 23)),
            // 23:30 at UTC-5 on the 4th-last day is the 3rd-last UTC day (stored, like every time, in UTC)
            Ticket(TicketStatus.Open, TicketPriority.Low, "Network", "IT",
                createdAt: new DateTimeOffset(Today.AddDays(-4).ToDateTime(new TimeOnly(23, 30)), TimeSpan.FromHours(-5)).ToUniversalTime()),
            // the first day of the window, from its first instant
            Ticket(TicketStatus.Open, TicketPriority.Low, "Network", "IT", createdAt: At(firstDay, 0)),
            // created before the window, resolved in it: counts only as resolved
            Ticket(TicketStatus.Resolved, TicketPriority.Low, "Network", "IT", createdAt: At(Today.AddDays(-90), 9), resolvedAt: At(Today.AddDays(-2), 9)),
            // before the window altogether
            Ticket(TicketStatus.Closed, TicketPriority.Low, "Network", "IT", createdAt: At(firstDay.AddDays(-10), 9), resolvedAt: At(firstDay.AddDays(-1), 23)),
            Ticket(TicketStatus.Open, TicketPriority.Low, "Network", "IT", createdAt: At(firstDay, 0).AddTicks(-10)),
            // deleted: in the window, but never counted
            Ticket(TicketStatus.Resolved, TicketPriority.Low, "Network", "IT", createdAt: At(Today.AddDays(-3), 9), resolvedAt: At(Today.AddDays(-1), 9), deletedAt: At(Today, 0)),
            // reopened: its resolution was undone, so it is not resolved on any day
            Ticket(TicketStatus.InProgress, TicketPriority.Low, "Network", "IT", createdAt: At(Today.AddDays(-5), 9), resolvedAt: At(Today.AddDays(-4), 9)));

        var charts = await ChartsAsync(database);

        var days = charts.CreatedVsResolved;
        days.Count.ShouldBe(30);
        days.Select(d => d.Day).ShouldBe([.. Enumerable.Range(0, 30).Select(i => firstDay.AddDays(i))]);
        Day(days, Today.AddDays(-3)).ShouldBe(new DailyTicketCounts(Today.AddDays(-3), 3, 0));
        Day(days, Today.AddDays(-2)).ShouldBe(new DailyTicketCounts(Today.AddDays(-2), 0, 1));
        Day(days, Today.AddDays(-1)).ShouldBe(new DailyTicketCounts(Today.AddDays(-1), 0, 1));
        Day(days, Today).ShouldBe(new DailyTicketCounts(Today, 1, 1));
        Day(days, Today.AddDays(-5)).ShouldBe(new DailyTicketCounts(Today.AddDays(-5), 1, 0));
        Day(days, Today.AddDays(-4)).ShouldBe(new DailyTicketCounts(Today.AddDays(-4), 0, 0));
        Day(days, firstDay).ShouldBe(new DailyTicketCounts(firstDay, 1, 0));
        days.Where(d => d.Day > firstDay && d.Day < Today.AddDays(-5)).ShouldAllBe(d => d.Created == 0 && d.Resolved == 0);
        days.Sum(d => d.Created).ShouldBe(6);
        days.Sum(d => d.Resolved).ShouldBe(3);
    }

    [Fact]
    public async Task The_query_ends_the_window_on_the_current_utc_day()
    {
        await using var database = await TestDatabase.CreateAsync("charts_handler", TestContext.Current.CancellationToken);
        // 23:30 on the 26th at UTC-5 is already the 27th in UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.FromHours(-5)));
        await SeedAsync(database, Ticket(TicketStatus.Open, TicketPriority.Low, "Network", "IT", createdAt: At(Today, 3)));
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var charts = await new GetTicketChartsHandler(new TicketStatsRepository(new TicketAggregateReader(dataSource)), clock)
            .Handle(new GetTicketChartsQuery(), TestContext.Current.CancellationToken);

        charts.CreatedVsResolved[^1].ShouldBe(new DailyTicketCounts(Today, 1, 0));
        charts.CreatedVsResolved[0].Day.ShouldBe(Today.AddDays(-29));
    }

    private static async Task<TicketCharts> ChartsAsync(TestDatabase database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return await new TicketStatsRepository(new TicketAggregateReader(dataSource))
            .GetChartsAsync(Today, TicketCharts.Days, TicketCharts.TopGroups, TestContext.Current.CancellationToken);
    }

    private static async Task SeedAsync(TestDatabase database, params Ticket[] tickets)
    {
        await using var db = database.CreateDbContext();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static Ticket Ticket(
        TicketStatus status,
        TicketPriority priority,
        string? category,
        string? department,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? resolvedAt = null,
        DateTimeOffset? deletedAt = null)
    {
        var ticket = TicketFactory.Create(status, priority, createdAt ?? T0, resolvedAt, deletedAt: deletedAt);
        ticket.Category = category;
        ticket.Department = department;
        return ticket;
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    private static DailyTicketCounts Day(IReadOnlyList<DailyTicketCounts> days, DateOnly day) => days.Single(d => d.Day == day);

    private static ChartCount[] Counts(params (string Label, int Count)[] counts) =>
        [.. counts.Select(c => new ChartCount(c.Label, c.Count))];
}
