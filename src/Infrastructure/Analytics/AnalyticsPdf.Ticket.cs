using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTicketPdf;

namespace Ticketing.Infrastructure.Analytics;

/// <summary>
/// The single-ticket report, drawn with the analytics report's writer and font: sections top to bottom
/// (fields, description, conversation, history, files), so the text comes out in reading order.
/// </summary>
public sealed partial class AnalyticsPdf
{
    /// <summary>The writer breaks lines at spaces only; a longer run (a URL, a hash) is cut so it stays on the page.</summary>
    private const int LongestWord = 60;

    public byte[] Ticket(TicketReport report, PaperSize paper)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var room = headroom.Widen();
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = report.Heading;
        document.Info.Author = "Ticketing";
        document.Info.Subject = "IT support ticket";

        var writer = new PageWriter(document, paper);
        writer.Heading(string.Join(' ', report.Heading.ReplaceLineEndings(" ").Split(' ').Select(Breakable)), 16, PdfBlockLevelElementTag.Heading1);
        writer.Text($"Made {report.MadeAt}; every time is in {report.Zone}.", 9);
        writer.Gap(6);
        if (report.Notice is { } notice)
        {
            Paragraphs(writer, notice, 10, bold: true);
            writer.Gap(6);
        }

        Section(writer, "Details");
        foreach (var field in report.Fields)
        {
            Paragraphs(writer, $"{field.Label}: {field.Value}", 10);
        }

        if (report.Description is { } description)
        {
            Section(writer, "Description");
            Paragraphs(writer, description, 10);
        }

        if (report.Conversation.Count > 0)
        {
            Section(writer, "Conversation");
            foreach (var entry in report.Conversation)
            {
                writer.KeepTogether(40);
                Paragraphs(writer, entry.Line, 9.5, bold: true);
                Paragraphs(writer, entry.Body ?? "", 10);
                writer.Gap(6);
            }
        }

        if (report.History.Count > 0)
        {
            Section(writer, "History");
            foreach (var entry in report.History)
            {
                Paragraphs(writer, entry.Line, 9);
            }
        }

        if (report.Attachments.Count > 0)
        {
            Section(writer, "Files (listed only; their contents are not in this report)");
            foreach (var entry in report.Attachments)
            {
                Paragraphs(writer, entry.Line, 9);
            }
        }

        return writer.Save();
    }

    private static void Section(PageWriter writer, string title)
    {
        writer.Gap(8);
        writer.KeepTogether(40);
        writer.Heading(title, 12.5, PdfBlockLevelElementTag.Heading2);
    }

    /// <summary>Text with its own line breaks kept: each line wrapped to the page, an empty line a small gap.</summary>
    private static void Paragraphs(PageWriter writer, string text, double size, bool bold = false)
    {
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                writer.Gap(size * 0.6);
                continue;
            }

            writer.Text(string.Join(' ', line.Replace('\t', ' ').Split(' ').Select(Breakable)), size, bold);
        }
    }

    private static string Breakable(string word) =>
        word.Length <= LongestWord ? word : string.Join(' ', word.Chunk(LongestWord).Select(c => new string(c)));
}
