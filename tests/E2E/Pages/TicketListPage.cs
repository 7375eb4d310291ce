using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The IT Support list, as a user sees it.</summary>
public sealed class TicketListPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "IT Support Tickets", Level = 1 });
    public ILocator NavLink => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "IT Support Tickets" });
    public ILocator Search => page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
    public ILocator Apply => page.GetByRole(AriaRole.Search, new() { Name = "Filter tickets" }).GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true });
    public ILocator ClearFilters => page.GetByRole(AriaRole.Link, new() { Name = "Clear all" });
    public ILocator ActiveFilters => page.GetByRole(AriaRole.List, new() { Name = "Active filters" });
    public ILocator ExportMenu => page.Locator("summary").Filter(new() { HasText = "Export CSV" });
    public ILocator ExportLabels => page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^With labels") });
    public ILocator ExportWire => page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^With wire values") });
    public ILocator ResultCount => page.GetByTestId("result-count");
    public ILocator Notes => page.GetByTestId("query-notes");
    public ILocator Rows => page.Locator("table.ticket-table tbody tr");
    public ILocator Presets => page.GetByRole(AriaRole.Navigation, new() { Name = "Presets and views" });
    public ILocator Announcer => page.Locator("[data-announcer]");
    public ILocator NewTickets => page.Locator("[data-live-bar] .live-news");
    public ILocator Table => page.Locator("table.ticket-table");
    public ILocator ColumnsMenu => page.Locator("details[data-columns-menu]");

    /// <summary>The inline editor of one row's field ("status", "priority", "assignee"), once open.</summary>
    public ILocator Editor(string field, string ticketNumber) => page.GetByLabel($"New {field} for {ticketNumber}", new() { Exact = true });

    /// <summary>The word under a row's title after an inline or bulk change (saved, queued, not saved).</summary>
    public ILocator RowNote(string ticketNumber) => Row(ticketNumber).Locator(".row-note");

    /// <summary>One filter's dropdown ("status", "priority", "category", "department", "assignee", "sla", "sort").</summary>
    public ILocator Filter(string name) => page.Locator($"details[data-filter='{name}']");

    /// <summary>A preset or view link, whatever its count says.</summary>
    public ILocator Preset(string label) =>
        Presets.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^" + Regex.Escape(label) + @"( shared)?( [\d,]+)?$") });

    /// <summary>The count shown beside a preset or view.</summary>
    public ILocator PresetCount(string label) => Preset(label).Locator(".preset-count");

    public ILocator Row(string ticketNumber) => page.Locator($"table.ticket-table tbody tr[data-ticket='{ticketNumber}']");

    /// <summary>Ticks the given choices of one filter (by their label) without applying them.</summary>
    public async Task TickAsync(string filter, params string[] labels)
    {
        var dropdown = Filter(filter);
        await dropdown.Locator("summary").ClickAsync();
        foreach (var label in labels)
        {
            await dropdown.GetByLabel(label, new() { Exact = true }).CheckAsync();
        }

        await dropdown.Locator("summary").ClickAsync();
    }

    /// <summary>The ticket numbers of the rows shown, top to bottom.</summary>
    public async Task<IReadOnlyList<string>> NumbersAsync() =>
        await Rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-ticket'))");
}
