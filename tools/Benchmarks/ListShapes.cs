using Npgsql;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Benchmarks;

/// <summary>
/// A list-page shape: its URL, and the same query as the app's filter. The SQL is the app's own
/// (<c>TicketListReader.AddPageCommands</c>: the capped count and the keyed page, in one batch), so
/// "page / SQL" is the cost of everything around the query and cannot drift from what the page sends.
/// </summary>
public sealed record ListShape(string Id, string Name, string Url, TicketFilter Filter, TicketSort Sort, int Page)
{
    public static IReadOnlyList<ListShape> All { get; } =
    [
        new("default", "default (updated, newest first)", "/Tickets", TicketFilter.None, TicketSort.Default, 1),
        new("filters", "status + priority filters", "/Tickets?status=open,in_progress&priority=high,critical",
            TicketFilter.None with
            {
                Statuses = [TicketStatus.Open, TicketStatus.InProgress],
                Priorities = [TicketPriority.High, TicketPriority.Critical],
            },
            TicketSort.Default, 1),
        new("search", "search a common word (\"vpn\")", "/Tickets?q=vpn", TicketFilter.None with { Search = "vpn" }, TicketSort.Default, 1),
        new("due", "sort by due date", "/Tickets?sort=due", TicketFilter.None, new TicketSort(TicketSortField.Due, SortDirection.Asc), 1),
        new("page200", "page 200", "/Tickets?page=200", TicketFilter.None, TicketSort.Default, 200),
    ];

    /// <summary>A search for a word only a few tickets hold (the benchmark's own marker on the tickets it changed).</summary>
    public static ListShape RareSearch(string word) =>
        new("search-rare", $"search a rare word ({word})", $"/Tickets?q={Uri.EscapeDataString(word)}", TicketFilter.None with { Search = word }, TicketSort.Default, 1);

    public bool IsSearch => Filter.Search is not null;

    public NpgsqlBatch CreateBatch(NpgsqlConnection connection) =>
        TicketListReader.AddPageCommands(
            new NpgsqlBatch(connection), Filter, Sort, new PageRequest(Page, PageRequest.Default.Size), DateTimeOffset.UtcNow, TimeSpan.FromHours(4));
}
