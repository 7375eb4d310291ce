using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Ticketing.Domain.Audit;

namespace Ticketing.Web.Pages.Admin.Audit;

/// <summary>
/// Writes audit entries as CSV, UTF-8 with a byte order mark (so a spreadsheet reads accents right), row by
/// row. Cells a spreadsheet would run as a formula (= + - @, tab or CR first) are escaped. Each row keeps its
/// sequence and hash, so an export can be checked against the chain later.
/// </summary>
public static class AuditCsv
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    public static readonly IReadOnlyList<string> Header =
    [
        "sequence", "occurred_at_utc", "actor", "user_id", "action", "target_type", "target_id", "client_address", "ticket_ids", "details", "hash",
    ];

    public static async Task<int> WriteAsync(Stream output, IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync();
        var rows = 0;
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            csv.WriteField(e.Sequence.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(e.Actor);
            csv.WriteField(e.UserId);
            csv.WriteField(e.Action);
            csv.WriteField(e.TargetType);
            csv.WriteField(e.TargetId);
            csv.WriteField(e.ClientAddress);
            csv.WriteField(e.TicketIds is { Count: > 0 } ids ? string.Join(' ', ids) : null);
            csv.WriteField(e.DetailsJson);
            csv.WriteField(Convert.ToHexStringLower(e.Hash));
            await csv.NextRecordAsync();
            if (++rows % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync();
        return rows;
    }
}
