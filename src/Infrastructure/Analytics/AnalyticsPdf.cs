using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using Ticketing.Application.Analytics;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Analytics;

/// <summary>
/// The analytics report drawn with PDFsharp (docs/decisions/121-pdf-reports.md): every word is text
/// in a font embedded in the file (selectable and extractable, drawn top to bottom, so in reading
/// order), every chart is lines and rectangles. The file is a tagged PDF (decision 128): a language,
/// the title shown, headings, paragraphs, tables with header cells, charts as figures with a text
/// alternative and rules as artifacts, through PDFsharp's own UAManager, declared PDF/UA-1 (decision 142). The font, DejaVu Sans,
/// travels inside this assembly, so a server needs no fonts installed. A document is built whole in memory (PDFsharp
/// keeps every page's objects until it saves), so drawing one widens the managed heap's cap (decision 148) for its
/// duration: a year's report beside other requests must not meet the cap the rest of the app is sized for.
/// </summary>
public sealed partial class AnalyticsPdf(TimeProvider clock, IHeapHeadroom headroom) : IReportPdf
{
    private const double Margin = 48;
    private const string Family = "DejaVu Sans";

    /// <summary>The reports' language (document and structure tree): their words are English.</summary>
    private const string Language = "en";
    private static readonly object FontGate = new();

    private const string ColumnScope = "/Column";
    private const string RowScope = "/Row";

    private static readonly XColor Bar = XColor.FromArgb(0x2f, 0x6f, 0xb0);
    private static readonly XColor Second = XColor.FromArgb(0xb3, 0x5c, 0x00);

    public byte[] Analytics(AnalyticsReport report, string filterText, PaperSize paper)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var room = headroom.Widen();
        EnsureFonts();
        using var document = new PdfDocument();
        var scope = report.Scope;
        var period = scope.Period;
        var previous = period.Previous();
        document.Info.Title = $"Analytics {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}";
        document.Info.Author = "Ticketing";
        document.Info.Subject = "IT support analytics";

        var writer = new PageWriter(document, paper);
        writer.Heading("Ticketing — Analytics", 18, PdfBlockLevelElementTag.Heading1);
        writer.Text($"Period: {AnalyticsTables.DayLabel(period.From)} to {AnalyticsTables.DayLabel(period.To)} ({period.Days} days), compared with {AnalyticsTables.DayLabel(previous.From)} to {AnalyticsTables.DayLabel(previous.To)}.", 10);
        writer.Text($"Days run from midnight to midnight in {scope.Zone}.", 10);
        writer.Text($"Filters: {(string.IsNullOrWhiteSpace(filterText) ? "none (all tickets)" : filterText)}.", 10);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(scope.Zone);
        writer.Text($"Made {TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({scope.Zone}).", 10);
        writer.Gap(8);

        writer.Heading("Key numbers", 13, PdfBlockLevelElementTag.Heading2);
        var overall = report.Overall;
        writer.Table(
            ["Figure", "This period", "Previous period"],
            [
                ["Created", AnalyticsTables.CountText(report.Created), AnalyticsTables.CountText(report.PreviousCreated)],
                ["Resolved", AnalyticsTables.CountText(report.Resolved), AnalyticsTables.CountText(report.PreviousResolved)],
                ["Open at the end", AnalyticsTables.CountText(report.BacklogAtEnd), report.PreviousBacklogAtEnd is { } b ? AnalyticsTables.CountText(b) : "—"],
                ["Open now", AnalyticsTables.CountText(report.Figures.OpenNow), ""],
                ["Time to resolution p50 (at most)", AnalyticsTables.DurationText(overall?.P50), ""],
                ["Time to resolution p90 (at most)", AnalyticsTables.DurationText(overall?.P90), ""],
                ["First response p50 (at most)", AnalyticsTables.DurationText(report.OverallFirstResponse?.P50), ""],
                ["First response p90 (at most)", AnalyticsTables.DurationText(report.OverallFirstResponse?.P90), ""],
                ["Reopen rate (resolved, reopened before)", AnalyticsTables.PercentText(report.OverallReopens?.Percent), ""],
                [$"SLA compliance ({report.SlaBasis})", AnalyticsTables.PercentText(report.SlaPercent), ""],
            ]);

        foreach (var table in AnalyticsTables.Build(report))
        {
            writer.Gap(10);
            writer.KeepTogether(24 + 130);
            writer.Heading(table.Caption, 13, PdfBlockLevelElementTag.Heading2);
            if (table.Rows.Count == 0)
            {
                writer.Text("— No tickets in this period with these filters.", 10);
                continue;
            }

            if (table.Key is AnalyticsTables.Daily or AnalyticsTables.Backlog)
            {
                writer.LineChart(table);
            }
            else
            {
                writer.BarChart(table);
            }

            writer.Table(table.Columns, table.Rows.Select(r => (IReadOnlyList<string>)r.Select(c => c.Text).ToList()).ToList());
        }

        return writer.Save();
    }

    private static void EnsureFonts()
    {
        lock (FontGate)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }
    }

    /// <summary>Writes top to bottom, starting a page when the next thing would not fit.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private readonly PaperSize _paper;
        private readonly StructureBuilder _structure;
        private PdfPage _page = null!;
        private XGraphics _graphics = null!;
        private double _y;

        public PageWriter(PdfDocument document, PaperSize paper)
        {
            _document = document;
            _paper = paper;

            // Before the first page: the manager follows the pages and graphics the document makes.
            var accessibility = UAManager.ForDocument(document);
            accessibility.SetDocumentLanguage(Language);
            _structure = accessibility.StructureBuilder;
            NewPage();
        }

        private double Width => _page.Width.Point - 2 * Margin;

        private double Bottom => _page.Height.Point - Margin;

        /// <summary>A paragraph (or another block, such as a heading), wrapped to the page.</summary>
        public void Text(string text, double size, bool bold = false, PdfBlockLevelElementTag tag = PdfBlockLevelElementTag.Paragraph)
        {
            var font = new XFont(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            KeepTogether(size * 1.5);
            _structure.BeginElement(tag);
            foreach (var line in Wrap(text, font, Width))
            {
                KeepTogether(size * 1.5);
                _graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, Width, size * 1.5), XStringFormats.TopLeft);
                _y += size * 1.5;
            }

            _structure.End();
        }

        public void Heading(string text, double size, PdfBlockLevelElementTag level) => Text(text, size, bold: true, level);

        public void Gap(double points) => _y += points;

        public void KeepTogether(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        public void Table(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
        {
            const double size = 8.5, rowHeight = 13;
            var regular = new XFont(Family, size, XFontStyleEx.Regular);
            var bold = new XFont(Family, size, XFontStyleEx.Bold);
            // The first column holds labels and gets the room they need; the figures share the rest.
            var first = Math.Min(Width * 0.45, Math.Max(80, rows.Select(r => _graphics.MeasureString(r[0], regular).Width).Append(_graphics.MeasureString(columns[0], bold).Width).Max() + 8));
            var rest = columns.Count > 1 ? (Width - first) / (columns.Count - 1) : 0;

            // The header row is tagged once; where a page break repeats it, the copy is decoration.
            void Header(bool tagged)
            {
                if (tagged)
                {
                    _structure.BeginElement(PdfBlockLevelElementTag.TableHeadRowGroup);
                    _structure.BeginElement(PdfBlockLevelElementTag.TableRow);
                }
                else
                {
                    _structure.BeginArtifact();
                }

                for (var i = 0; i < columns.Count; i++)
                {
                    Tagged(tagged ? PdfBlockLevelElementTag.TableHeaderCell : null, () => Cell(columns[i], bold, i, first, rest, rowHeight), ColumnScope);
                }

                if (tagged)
                {
                    _structure.End();
                    _structure.BeginArtifact();
                }

                _y += rowHeight;
                _graphics.DrawLine(XPens.Gray, Margin, _y, Margin + Width, _y);
                _y += 2;
                _structure.End();
                if (tagged)
                {
                    _structure.End();
                }
            }

            KeepTogether(rowHeight * 3);
            _structure.BeginElement(PdfBlockLevelElementTag.Table);
            Header(tagged: true);
            _structure.BeginElement(PdfBlockLevelElementTag.TableBodyRowGroup);
            foreach (var row in rows)
            {
                if (_y + rowHeight > Bottom)
                {
                    NewPage();
                    Header(tagged: false);
                }

                _structure.BeginElement(PdfBlockLevelElementTag.TableRow);
                for (var i = 0; i < row.Count; i++)
                {
                    // The first cell names the row, as the page's <th scope="row"> does.
                    Tagged(i == 0 ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell, () => Cell(row[i], regular, i, first, rest, rowHeight), i == 0 ? RowScope : null);
                }

                _structure.End();
                _y += rowHeight;
            }

            _structure.End();
            _structure.End();
        }

        /// <summary>
        /// Draws inside one structure element; with no <paramref name="tag"/>, inside whatever the caller opened. A header
        /// cell's <paramref name="scope"/> (PDF/UA: what a TH heads) goes into its table attributes.
        /// </summary>
        private void Tagged(PdfBlockLevelElementTag? tag, Action draw, string? scope = null)
        {
            if (tag is not { } t)
            {
                draw();
                return;
            }

            _structure.BeginElement(t);
            if (scope is not null)
            {
                _structure.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", scope);
            }

            draw();
            _structure.End();
        }

        public void BarChart(FigureTable table)
        {
            var values = table.Rows.Select(r => r.Skip(1).FirstOrDefault(c => c.Number is not null)?.Number ?? 0).ToList();
            var labels = table.Rows.Select(r => r[0].Text + (r.Count > 1 && r[0].Text is "All" or "Category" or "Priority" or "Department" or "Assignee" ? ": " + r[1].Text : "")).ToList();
            var shown = Math.Min(values.Count, 12);
            const double barHeight = 9, gap = 3;
            var height = shown * (barHeight + gap);
            KeepTogether(height + 8);
            _structure.BeginElement(PdfIllustrationElementTag.Figure, AltText("Bar chart", table, labels, values, shown), new XRect(Margin, _y, Width, height));
            var font = new XFont(Family, 7.5, XFontStyleEx.Regular);
            var labelWidth = Width * 0.32;
            var max = values.Take(shown).DefaultIfEmpty(0).Max();
            for (var i = 0; i < shown; i++)
            {
                var y = _y + i * (barHeight + gap);
                var label = labels[i].Length > 40 ? labels[i][..39] + "…" : labels[i];
                _graphics.DrawString(label, font, XBrushes.Black, new XRect(Margin, y, labelWidth - 4, barHeight), XStringFormats.CenterRight);
                var length = max <= 0 ? 0 : values[i] / max * (Width - labelWidth - 60);
                _graphics.DrawRectangle(new XSolidBrush(Bar), Margin + labelWidth, y, Math.Max(length, values[i] > 0 ? 1 : 0), barHeight);
            }

            _structure.End();
            _y += height + 8;
        }

        public void LineChart(FigureTable table)
        {
            const double height = 110;
            KeepTogether(height + 20);
            var series = Enumerable.Range(1, table.Columns.Count - 1)
                .Select(column => table.Rows.Select(r => r[column].Number ?? 0).ToList())
                .ToList();
            var max = Math.Max(1, series.SelectMany(s => s).Max());
            var font = new XFont(Family, 7.5, XFontStyleEx.Regular);
            var left = Margin + 36;
            var width = Width - 36;
            var top = _y;
            var last = table.Rows.Count - 1;
            var alt = $"Line chart: {table.Caption}, {table.Rows[0][0].Text} to {table.Rows[last][0].Text}; " +
                string.Join("; ", Enumerable.Range(1, table.Columns.Count - 1).Select(c =>
                    $"{table.Columns[c]} from {table.Rows[0][c].Text} to {table.Rows[last][c].Text}, at most {table.Rows.Max(r => r[c].Number ?? 0).ToString("N0", CultureInfo.InvariantCulture)}")) +
                ". The table below has every day.";
            _structure.BeginElement(PdfIllustrationElementTag.Figure, alt, new XRect(Margin, top, Width, height));
            _graphics.DrawLine(XPens.Gray, left, top, left, top + height);
            _graphics.DrawLine(XPens.Gray, left, top + height, left + width, top + height);
            _graphics.DrawString(max.ToString("N0", CultureInfo.InvariantCulture), font, XBrushes.Black, new XRect(Margin, top, 32, 10), XStringFormats.TopRight);
            _graphics.DrawString("0", font, XBrushes.Black, new XRect(Margin, top + height - 10, 32, 10), XStringFormats.BottomRight);
            var colors = new[] { Bar, Second };
            for (var s = 0; s < series.Count; s++)
            {
                var values = series[s];
                var count = Math.Max(2, values.Count);
                var points = values.Select((v, i) => new XPoint(left + i * width / (count - 1), top + height - v / max * height)).ToArray();
                var pen = new XPen(colors[s % colors.Length], 1.2) { DashStyle = s == 0 ? XDashStyle.Solid : XDashStyle.Dash };
                if (points.Length > 1)
                {
                    _graphics.DrawLines(pen, points);
                }
            }

            _structure.End();
            _y += height + 4;
            var legend = series.Count > 1 ? $"Solid: {table.Columns[1].ToLowerInvariant()}. Dashed: {table.Columns[2].ToLowerInvariant()}." : table.Columns[1] + ".";
            _structure.BeginElement(PdfBlockLevelElementTag.Paragraph);
            _graphics.DrawString($"{table.Rows[0][0].Text} to {table.Rows[^1][0].Text}. {legend}", font, XBrushes.Black, new XRect(left, _y, width, 10), XStringFormats.TopLeft);
            _structure.End();
            _y += 14;
        }

        /// <summary>Ends the last page and returns the file, declared as PDF/UA-1 in its XMP metadata (decision 142).</summary>
        public byte[] Save()
        {
            _graphics.Dispose();
            using var stream = new MemoryStream();
            _document.Save(stream, closeStream: false);
            return PdfUaIdentification.Declare(stream.ToArray(), _document.Info.Title, _document.Info.Subject);
        }

        /// <summary>What a bar chart shows, in words, for a reader who cannot see it: its bars' labels and values.</summary>
        private static string AltText(string kind, FigureTable table, List<string> labels, List<double> values, int shown) =>
            $"{kind}: {table.Caption}. " +
            string.Join("; ", Enumerable.Range(0, shown).Select(i => $"{labels[i]}: {values[i].ToString("0.#", CultureInfo.InvariantCulture)}")) +
            (labels.Count > shown ? $"; and {labels.Count - shown} more" : "") +
            ". The table below has the figures.";

        private void Cell(string text, XFont font, int index, double first, double rest, double height)
        {
            var x = index == 0 ? Margin : Margin + first + (index - 1) * rest;
            var width = index == 0 ? first - 4 : rest - 4;
            var format = index == 0 ? XStringFormats.CenterLeft : XStringFormats.CenterRight;
            _graphics.DrawString(Fit(text, font, width), font, XBrushes.Black, new XRect(x, _y, width, height), format);
        }

        private string Fit(string text, XFont font, double width)
        {
            if (_graphics.MeasureString(text, font).Width <= width)
            {
                return text;
            }

            var cut = text;
            while (cut.Length > 1 && _graphics.MeasureString(cut + "…", font).Width > width)
            {
                cut = cut[..^1];
            }

            return cut + "…";
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(line);
            return lines;
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = _document.AddPage();
            _page.Size = _paper == PaperSize.Letter ? PdfSharp.PageSize.Letter : PdfSharp.PageSize.A4;

            // PDF/UA: the tab order follows the structure tree (the pages have no annotations yet; this keeps it so if they do).
            _page.Elements.SetName("/Tabs", "/S");
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }
    }

    /// <summary>DejaVu Sans, regular and bold, from this assembly's resources.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private const string Regular = "DejaVuSans";
        private const string Bold = "DejaVuSans-Bold";

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? Bold : Regular);

        public byte[]? GetFont(string faceName)
        {
            using var stream = typeof(AnalyticsPdf).Assembly.GetManifestResourceStream($"Ticketing.Infrastructure.Analytics.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
