using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Shouldly;
using Ticketing.Application.Common.Caching;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// These tests replace the whole ticket cache and assert exact counts, so they run on their own,
/// after the tests that run in parallel, never beside another test that changes the cache.
/// </summary>
[CollectionDefinition(nameof(OverviewChartsTests), DisableParallelization = true)]
public sealed class OverviewChartsCollection;

[Collection(nameof(OverviewChartsTests))]
public sealed class OverviewChartsTests(E2EFixture e2e)
{
    private const string ByStatus = "Tickets by status";
    private const string ByPriority = "Tickets by priority";
    private const string ByCategory = "Tickets by category";
    private const string ByDepartment = "Tickets by department";
    private const string CreatedVsResolved = "Created vs resolved per day";

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateTimeOffset LongAgo = new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddDays(-60);

    [Fact]
    public async Task Admin_sees_each_chart_drawn_with_a_table_of_its_figures_and_the_data_endpoint_agrees()
    {
        var page = await SignedInAdminAsync();
        await ReplaceCachedTicketsAsync(
            Ticket(TicketStatus.Open, TicketPriority.Critical, "Printers", "Finance"),
            Ticket(TicketStatus.Open, TicketPriority.Low, "Printers", "Finance"),
            Ticket(TicketStatus.Open, TicketPriority.High, "Network", "Sales"),
            Ticket(TicketStatus.InProgress, TicketPriority.Urgent, "Network", "Finance"),
            // created three days ago, resolved yesterday: the only ticket in the last 30 days
            Ticket(TicketStatus.Resolved, TicketPriority.Medium, "Printers", "Legal", createdAt: Noon(Today.AddDays(-3)), resolvedAt: Noon(Today.AddDays(-1))),
            Ticket(TicketStatus.Closed, TicketPriority.Low, "Accounts", "Finance", resolvedAt: LongAgo.AddHours(5)),
            Ticket(TicketStatus.Cancelled, TicketPriority.Low, "Accounts", "Sales"),
            Ticket(TicketStatus.Open, TicketPriority.Critical, "Printers", "Finance", deletedAt: LongAgo.AddDays(1)));
        var overview = new OverviewPage(page);

        await overview.GotoAsync();

        foreach (var chart in new[] { ByStatus, ByPriority, ByCategory, ByDepartment, CreatedVsResolved })
        {
            await Expect(overview.ChartCanvas(chart)).ToBeVisibleAsync();
        }

        foreach (var row in new[] { "Open 3", "In progress 1", "Pending 0", "On hold 0", "Resolved 1", "Closed 1", "Cancelled 1" })
        {
            await Expect(overview.ChartRow(ByStatus, row)).ToBeAttachedAsync();
        }

        foreach (var row in new[] { "Low 3", "Medium 1", "High 1", "Urgent 1", "Critical 1" })
        {
            await Expect(overview.ChartRow(ByPriority, row)).ToBeAttachedAsync();
        }

        // Largest first, in exactly these rows.
        await Expect(overview.ChartTable(ByCategory)).ToMatchAriaSnapshotAsync(Rows("Printers 3", "Accounts 2", "Network 2"));
        await Expect(overview.ChartTable(ByDepartment)).ToMatchAriaSnapshotAsync(Rows("Finance 4", "Sales 2", "Legal 1"));
        await Expect(overview.ChartRow(CreatedVsResolved, $"{Label(Today.AddDays(-3))} 1 0")).ToBeAttachedAsync();
        await Expect(overview.ChartRow(CreatedVsResolved, $"{Label(Today.AddDays(-2))} 0 0")).ToBeAttachedAsync();
        await Expect(overview.ChartRow(CreatedVsResolved, $"{Label(Today.AddDays(-1))} 0 1")).ToBeAttachedAsync();
        await Expect(overview.ChartTable(CreatedVsResolved).GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 30);
        await Expect(overview.Value("Open Tickets")).ToHaveTextAsync("4");

        var response = await page.APIRequest.GetAsync("/overview/data");
        response.Status.ShouldBe(200);
        using var json = JsonDocument.Parse(await response.TextAsync());
        var data = json.RootElement;
        data.GetProperty("kpis").GetProperty("openTickets").GetInt32().ShouldBe(4);
        data.GetProperty("cards").GetProperty("open").GetString().ShouldBe("4");
        var charts = data.GetProperty("charts");
        Counts(charts, "byStatus").ShouldBe(["Open 3", "In progress 1", "Pending 0", "On hold 0", "Resolved 1", "Closed 1", "Cancelled 1"]);
        Counts(charts, "byPriority").ShouldBe(["Low 3", "Medium 1", "High 1", "Urgent 1", "Critical 1"]);
        Counts(charts, "byCategory").ShouldBe(["Printers 3", "Accounts 2", "Network 2"]);
        Counts(charts, "byDepartment").ShouldBe(["Finance 4", "Sales 2", "Legal 1"]);
        var days = charts.GetProperty("createdVsResolved").EnumerateArray()
            .Select(d => $"{d.GetProperty("label").GetString()} {d.GetProperty("created").GetInt32()} {d.GetProperty("resolved").GetInt32()}")
            .ToList();
        days.Count.ShouldBe(30);
        days[^4].ShouldBe($"{Label(Today.AddDays(-3))} 1 0");
        days[^2].ShouldBe($"{Label(Today.AddDays(-1))} 0 1");
        days.Count(d => !d.EndsWith(" 0 0", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task The_overview_updates_its_cards_tables_and_charts_in_place_every_two_minutes()
    {
        var page = await SignedInAdminAsync();
        // The page's timers run on a clock the test moves, so two minutes pass at once.
        await page.Clock.InstallAsync();
        await ReplaceCachedTicketsAsync(Ticket(TicketStatus.Open, TicketPriority.Low, "Printers", "Finance"));
        var overview = new OverviewPage(page);
        await overview.GotoAsync();
        await Expect(overview.ChartCanvas(ByStatus)).ToBeVisibleAsync();
        await Expect(overview.ChartRow(ByStatus, "Open 1")).ToBeAttachedAsync();
        await Expect(overview.Value("Critical Tickets")).ToHaveTextAsync("0");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await AddCachedTicketsAsync(
            Ticket(TicketStatus.Open, TicketPriority.Critical, "Network", "Sales"),
            Ticket(TicketStatus.Open, TicketPriority.Urgent, "Network", "Sales"));
        // The tickets went into the database behind the app's back, so the test tells the cache what the
        // repository tells it after a change: the next refresh reads the database.
        await e2e.App.Services.GetRequiredService<ICacheInvalidator>().InvalidateAsync(CacheTag.Tickets);
        await page.Clock.RunForAsync((long)TimeSpan.FromMinutes(2).TotalMilliseconds);

        await Expect(overview.Value("Open Tickets")).ToHaveTextAsync("3");
        await Expect(overview.Value("Critical Tickets")).ToHaveTextAsync("2");
        await Expect(overview.ChartRow(ByStatus, "Open 3")).ToBeAttachedAsync();
        await Expect(overview.ChartTable(ByCategory)).ToMatchAriaSnapshotAsync(Rows("Network 2", "Printers 1"));
        await Expect(overview.ChartCanvas(ByCategory)).ToBeVisibleAsync();
        (await page.EvaluateAsync<bool>("() => window.sameDocument === true")).ShouldBeTrue();
    }

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await e2e.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(TestUser.Admin.Email!, TestUser.Admin.Password!);
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();
        return page;
    }

    private static Ticket Ticket(
        TicketStatus status,
        TicketPriority priority,
        string category,
        string department,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? resolvedAt = null,
        DateTimeOffset? deletedAt = null)
    {
        var ticket = TicketFactory.Create(status, priority, createdAt ?? LongAgo, resolvedAt, deletedAt: deletedAt);
        ticket.Category = category;
        ticket.Department = department;
        return ticket;
    }

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static string Label(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>An ARIA snapshot of a chart table whose body has exactly these rows, in this order.</summary>
    private static string Rows(params string[] rows) =>
        "- table:\n  - rowgroup\n  - rowgroup:\n    - /children: equal\n"
        + string.Concat(rows.Select(r => $"    - row \"{r}\"\n"));

    private static List<string> Counts(JsonElement charts, string name) =>
        [.. charts.GetProperty(name).EnumerateArray().Select(c => $"{c.GetProperty("label").GetString()} {c.GetProperty("count").GetInt32()}")];

    private async Task ReplaceCachedTicketsAsync(params Ticket[] tickets)
    {
        await using (var connection = new NpgsqlConnection(e2e.App.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var clear = new NpgsqlCommand("DELETE FROM tickets_cache", connection);
            await clear.ExecuteNonQueryAsync();
        }

        await AddCachedTicketsAsync(tickets);
    }

    private async Task AddCachedTicketsAsync(params Ticket[] tickets)
    {
        await using var db = e2e.App.Database.CreateDbContext();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync();
    }
}
