using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The IT Support list, as a user sees it.</summary>
public sealed class TicketListPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "IT Support Tickets", Level = 1 });
    public ILocator NavLink => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "IT Support Tickets" });
    public ILocator Search => page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
    public ILocator Status => page.GetByLabel("Status", new() { Exact = true });
    public ILocator Priority => page.GetByLabel("Priority", new() { Exact = true });
    public ILocator SortBy => page.GetByLabel("Sort by");
    public ILocator Order => page.GetByLabel("Order");
    public ILocator Apply => page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" });
    public ILocator ClearFilters => page.GetByRole(AriaRole.Link, new() { Name = "Clear filters" });
    public ILocator ExportCsv => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });
    public ILocator ResultCount => page.GetByTestId("result-count");
    public ILocator Notes => page.GetByTestId("query-notes");
    public ILocator Rows => page.Locator("table.ticket-table tbody tr");

    /// <summary>The ticket numbers of the rows shown, top to bottom.</summary>
    public async Task<IReadOnlyList<string>> NumbersAsync() =>
        await Rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-ticket'))");
}
