using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The Overview (landing) page and its KPI cards.</summary>
public sealed class OverviewPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 });

    public ILocator KeyFigures => page.GetByRole(AriaRole.Region, new() { Name = "Key figures" });

    public ILocator Card(string title) => KeyFigures.GetByRole(AriaRole.Article, new() { Name = title });

    /// <summary>The big number of the card with this title.</summary>
    public ILocator Value(string title) => Card(title).Locator(".kpi-value");

    public ILocator CurrentUser => page.GetByTestId("current-user");

    public async Task GotoAsync() => await page.GotoAsync("/");
}
