using Microsoft.Playwright;
using Npgsql;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

public sealed class TicketListTests(E2EFixture e2e)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddDays(-5);

    [Fact]
    public async Task Filters_search_and_sort_show_the_matching_tickets_and_live_in_the_url()
    {
        await e2e.App.ReplaceTicketsAsync(
            Make("E2E-001", "Laptop VPN keeps dropping", TicketStatus.Open, TicketPriority.High, hoursAgo: 10),
            Make("E2E-002", "VPN client will not install", TicketStatus.InProgress, TicketPriority.Critical, hoursAgo: 9),
            Make("E2E-003", "VPN token expired", TicketStatus.Pending, TicketPriority.Critical, hoursAgo: 8),
            Make("E2E-004", "Printer offline", TicketStatus.Open, TicketPriority.Critical, hoursAgo: 7),
            Make("E2E-005", "VPN slow from home", TicketStatus.Open, TicketPriority.Low, hoursAgo: 6),
            Make("E2E-006", "VPN for contractor", TicketStatus.InProgress, TicketPriority.High, hoursAgo: 5),
            Make("E2E-007", "Old VPN ticket", TicketStatus.Open, TicketPriority.Critical, hoursAgo: 4, deleted: true));
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        await list.NavLink.ClickAsync();
        await Expect(list.Heading).ToBeVisibleAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–6 of 6 tickets");

        await list.TickAsync("status", "Open", "In progress");
        await list.TickAsync("priority", "High", "Critical");
        await list.Search.FillAsync("vpn");
        await list.TickAsync("sort", "Priority", "Descending");
        await list.Apply.ClickAsync();

        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–3 of 3 tickets");
        var expected = await ExpectedFromDatabaseAsync();
        expected.ShouldBe(["E2E-002", "E2E-006", "E2E-001"], ignoreOrder: true);
        expected[0].ShouldBe("E2E-002", "critical sorts above high");
        (await list.NumbersAsync()).ShouldBe(expected);
        var filteredUrl = page.Url;
        filteredUrl.ShouldContain("q=vpn");
        filteredUrl.ShouldContain("sort=priority");

        await page.ReloadAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–3 of 3 tickets");
        (await list.NumbersAsync()).ShouldBe(expected);
        await Expect(list.Search).ToHaveValueAsync("vpn");

        await list.ClearFilters.ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–6 of 6 tickets");
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(filteredUrl);
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–3 of 3 tickets");

        await Expect(list.ActiveFilters.GetByRole(AriaRole.Link)).ToHaveCountAsync(5);
        await list.ExportMenu.ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => list.ExportWire.ClickAsync());
        download.SuggestedFilename.ShouldMatch(@"^tickets-\d{4}-\d{2}-\d{2}\.csv$");
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        csv[0].ShouldStartWith("ticket_number,title,status,priority");
        csv.Skip(1).Select(line => line.Split(',')[0]).ShouldBe(expected);
    }

    [Fact]
    public async Task A_malformed_query_string_shows_a_note_instead_of_an_error()
    {
        await e2e.App.ReplaceTicketsAsync(Make("E2E-101", "Keyboard missing keys", TicketStatus.Open, TicketPriority.Low, hoursAgo: 3));
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);

        var response = await page.GotoAsync("/Tickets?status=open,bogus&priority=%3Cscript%3E&page=-4&size=7&sort=nope&dir=sideways&colour=blue&q=ab");

        response!.Status.ShouldBe(200);
        await Expect(list.Notes).ToBeVisibleAsync();
        await Expect(list.Notes).ToContainTextAsync("Ignored status “bogus”");
        await Expect(list.Notes).ToContainTextAsync("Ignored the unknown parameter “colour”");
        await Expect(list.Notes).ToContainTextAsync("Search needs at least 3 characters");
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–1 of 1 tickets");
        (await page.ContentAsync()).ShouldNotContain("<script>");
    }

    /// <summary>The filtered view's rows as the database holds them, asked of PostgreSQL directly (not through the app).</summary>
    private async Task<List<string>> ExpectedFromDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(e2e.App.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT ticket_number FROM tickets_cache
            WHERE deleted_at IS NULL AND status IN ('open', 'in_progress') AND priority IN ('high', 'critical')
              AND (ticket_number ILIKE '%vpn%' OR title ILIKE '%vpn%' OR description ILIKE '%vpn%')
            ORDER BY priority_rank DESC, id DESC
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var numbers = new List<string>();
        while (await reader.ReadAsync())
        {
            numbers.Add(reader.GetString(0));
        }

        return numbers;
    }

    private static Ticket Make(string number, string title, TicketStatus status, TicketPriority priority, int hoursAgo, bool deleted = false) =>
        ListTickets.Make(number, title, status, priority, DateTimeOffset.UtcNow.AddHours(-hoursAgo), created: T0, deleted: deleted);
}
