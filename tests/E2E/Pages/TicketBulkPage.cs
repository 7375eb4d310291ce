using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The list's bulk action: the row checkboxes and the bar that appears when some are ticked (its result in place).</summary>
public sealed class TicketBulkPage(IPage page)
{
    public ILocator SelectAll => page.GetByLabel("Select all tickets on this page");
    public ILocator NewStatus => page.GetByLabel("New status");
    public ILocator NewPriority => page.GetByLabel("New priority");
    public ILocator NewAssignee => page.GetByLabel("New assignee");
    public ILocator Apply => page.GetByRole(AriaRole.Button, new() { Name = "Apply to selected" });
    public ILocator SelectionCount => page.Locator("[data-selection-count]");
    public ILocator Bar => page.Locator("form[data-bulk-form]");
    public ILocator Result => page.Locator("[data-bulk-result]");
    public ILocator AddTag => page.GetByLabel("Add tag");
    public ILocator Follow => page.GetByRole(AriaRole.Combobox, new() { Name = "Follow", Exact = true });
    public ILocator ClearSelection => page.GetByRole(AriaRole.Button, new() { Name = "Clear selection" });
    public ILocator ResultHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Change selected tickets", Level = 1 });
    public ILocator Summary => page.GetByTestId("bulk-summary");
    public ILocator Failures => page.GetByTestId("bulk-failures");
    public ILocator BackToList => page.GetByRole(AriaRole.Link, new() { Name = "Back to the list" });

    public ILocator Select(string ticketNumber) => page.GetByLabel($"Select {ticketNumber}", new() { Exact = true });
}
