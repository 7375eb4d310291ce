using Ticketing.Application.Analytics;
using Ticketing.Application.Tickets.Queries.GetTicketPdf;

namespace Ticketing.Application.Common.Interfaces;

public enum PaperSize
{
    A4,
    Letter,
}

/// <summary>
/// Reports as PDF: text drawn as text (selectable, in reading order) and charts as vector graphics,
/// never a screenshot of a page.
/// </summary>
public interface IReportPdf
{
    /// <summary>The analytics view: its period, zone and filters (<paramref name="filterText"/>, in words), key numbers, and each figure's chart and table.</summary>
    byte[] Analytics(AnalyticsReport report, string filterText, PaperSize paper);

    /// <summary>One ticket: its fields, description, conversation (replies and internal notes, labelled), history and files (listed, never their contents).</summary>
    byte[] Ticket(TicketReport report, PaperSize paper);
}

/// <summary>Which paper a reader expects when they have not chosen.</summary>
public static class PaperSizes
{
    /// <summary>The regions that print on Letter; everywhere else uses A4.</summary>
    private static readonly HashSet<string> LetterRegions = new(StringComparer.OrdinalIgnoreCase)
    {
        "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "DO", "SV", "GT", "PA", "PR", "NI",
    };

    /// <summary><c>a4</c> or <c>letter</c> (any case) as chosen; null for anything else.</summary>
    public static PaperSize? Parse(string? value) =>
        string.Equals(value, "letter", StringComparison.OrdinalIgnoreCase) ? PaperSize.Letter
        : string.Equals(value, "a4", StringComparison.OrdinalIgnoreCase) ? PaperSize.A4
        : null;

    /// <summary>Letter for a language tag of a Letter region (<c>en-US</c>, <c>es-MX</c>), A4 for any other or none.</summary>
    public static PaperSize ForLanguageTag(string? tag)
    {
        var region = tag?.Split('-', '_') is { Length: > 1 } parts ? parts[^1] : null;
        return region is not null && LetterRegions.Contains(region) ? PaperSize.Letter : PaperSize.A4;
    }

    /// <summary>"A4" or "Letter", as people write it.</summary>
    public static string Name(PaperSize paper) => paper == PaperSize.Letter ? "Letter" : "A4";
}
