using System.Text;
using Shouldly;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

public sealed class TicketCsvTests
{
    private static TicketListItem Item(string number, string title, string? category = "Network") => new(
        Guid.NewGuid(), "tkt_" + number, number, title, TicketStatus.InProgress, TicketPriority.Critical, category, "IT Operations",
        "Dana Ruiz", "agt_1", "Sam Ito", new DateTimeOffset(2026, 11, 20, 8, 15, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 21, 10, 2, 31, TimeSpan.Zero), null, new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.FromHours(2)));

    private static async Task<string[]> WriteAsync(TicketCsvValues values, params TicketListItem[] items)
    {
        using var output = new MemoryStream();
        var rows = await TicketCsv.WriteAsync(output, items.ToAsyncEnumerable(), values, CancellationToken.None);
        rows.ShouldBe(items.Length);
        var bytes = output.ToArray();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "the byte-order mark spreadsheets need to read UTF-8");
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static Task<string[]> WriteAsync(params TicketListItem[] items) => WriteAsync(TicketCsvValues.Wire, items);

    [Fact]
    public async Task With_labels_status_and_priority_read_as_on_the_pages_and_accents_survive()
    {
        var lines = await WriteAsync(TicketCsvValues.Labels, Item("IT-9", "Tomás can't print"));

        lines[1].ShouldStartWith("IT-9,Tomás can't print,In progress,Critical,");
    }

    [Fact]
    public async Task Writes_a_header_and_one_row_per_ticket_with_wire_names_and_utc_times()
    {
        var lines = await WriteAsync(Item("IT-1", "VPN drops"));

        lines[0].ShouldBe(string.Join(",", TicketCsv.Header));
        lines[1].ShouldBe("IT-1,VPN drops,in_progress,critical,Network,IT Operations,Dana Ruiz,Sam Ito,2026-11-20T08:15:00Z,2026-11-21T10:02:31Z,,2026-11-22T06:15:00Z,tkt_IT-1");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+1", "\"'+1+1\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_escaped(string title, string expectedCell)
    {
        var lines = await WriteAsync(Item("IT-2", title));

        lines[1].ShouldStartWith($"IT-2,{expectedCell},");
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_stay_inside_their_cell()
    {
        using var output = new MemoryStream();
        await TicketCsv.WriteAsync(output, new[] { Item("IT-3", "Printer, \"floor 3\"\nagain") }.ToAsyncEnumerable(), TicketCsvValues.Wire, CancellationToken.None);
        var text = Encoding.UTF8.GetString(output.ToArray());

        text.ShouldContain("IT-3,\"Printer, \"\"floor 3\"\"\nagain\",in_progress");
    }
}
