using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The Overview (landing) page: its KPI cards and its charts.</summary>
public sealed class OverviewPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 });

    public ILocator KeyFigures => page.GetByRole(AriaRole.Region, new() { Name = "Key figures" });

    public ILocator Card(string title) => KeyFigures.GetByRole(AriaRole.Article, new() { Name = title });

    /// <summary>The big number of the card with this title.</summary>
    public ILocator Value(string title) => Card(title).Locator(".kpi-value");

    public ILocator CurrentUser => page.GetByTestId("current-user");

    public ILocator Charts => page.GetByRole(AriaRole.Region, new() { Name = "Charts" });

    /// <summary>The chart whose caption starts with (or contains) this text.</summary>
    public ILocator Chart(string caption) => Charts.GetByRole(AriaRole.Figure, new() { Name = caption });

    /// <summary>The drawing; the figures themselves are in <see cref="ChartTable"/>.</summary>
    public ILocator ChartCanvas(string caption) => Chart(caption).Locator("canvas");

    /// <summary>The chart's text alternative: a table of the same figures, hidden visually once the chart is drawn.</summary>
    public ILocator ChartTable(string caption) => Chart(caption).GetByRole(AriaRole.Table);

    /// <summary>The table row that reads exactly so, e.g. "Open 3" or "24 Nov 1 0".</summary>
    public ILocator ChartRow(string caption, string row) =>
        ChartTable(caption).GetByRole(AriaRole.Row, new() { Name = row, Exact = true });

    public async Task GotoAsync() => await page.GotoAsync("/");
}
