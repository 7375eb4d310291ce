using Ticketing.Application.Analytics;

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
}
