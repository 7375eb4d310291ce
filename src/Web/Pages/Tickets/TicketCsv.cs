using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>How the export writes statuses and priorities.</summary>
public enum TicketCsvValues
{
    /// <summary>As the pages show them ("In progress"), for people.</summary>
    Labels,

    /// <summary>As Championship IT sends them (<c>in_progress</c>), for scripts.</summary>
    Wire,
}

/// <summary>
/// Writes tickets as CSV, row by row, to a stream. It starts with a UTF-8 byte-order mark, without
/// which spreadsheet programs read the file in a legacy code page ("TomÃ¡s" for "Tomás"). Cells that
/// a spreadsheet would run as a formula (starting with = + - @, tab or CR) are escaped by CsvHelper's
/// injection protection.
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

    public static async Task<int> WriteAsync(Stream output, IAsyncEnumerable<TicketListItem> tickets, TicketCsvValues values, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
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
            csv.WriteField(values == TicketCsvValues.Wire ? WireName<TicketStatus>.Of(t.Status) : TicketDisplay.Label(t.Status));
            csv.WriteField(values == TicketCsvValues.Wire ? WireName<TicketPriority>.Of(t.Priority) : TicketDisplay.Label(t.Priority));
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
