using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// Writes tickets as CSV, row by row, to a stream. Cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or CR) are escaped by CsvHelper's injection protection.
/// </summary>
public static class TicketCsv
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    public static readonly IReadOnlyList<string> Header =
    [
        "ticket_number", "title", "status", "priority", "category", "department", "requester", "assignee",
        "created_at", "updated_at", "resolved_at", "due_date", "external_id",
    ];

    public static async Task<int> WriteAsync(Stream output, IAsyncEnumerable<TicketListItem> tickets, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync();
        var rows = 0;
        await foreach (var t in tickets.WithCancellation(cancellationToken))
        {
            csv.WriteField(t.TicketNumber);
            csv.WriteField(t.Title);
            csv.WriteField(WireName<TicketStatus>.Of(t.Status));
            csv.WriteField(WireName<TicketPriority>.Of(t.Priority));
            csv.WriteField(t.Category);
            csv.WriteField(t.Department);
            csv.WriteField(t.RequesterName);
            csv.WriteField(t.AssigneeName);
            csv.WriteField(Iso(t.CreatedAt));
            csv.WriteField(Iso(t.UpdatedAt));
            csv.WriteField(Iso(t.ResolvedAt));
            csv.WriteField(Iso(t.DueDate));
            csv.WriteField(t.ExternalTicketId);
            await csv.NextRecordAsync();
            if (++rows % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync();
        return rows;
    }

    private static string? Iso(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
