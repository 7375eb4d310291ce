using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The list's bulk action (the checkboxes and the "Change the selected tickets" bar) and its result page.</summary>
public sealed class TicketBulkPage(IPage page)
{
    public ILocator SelectAll => page.GetByLabel("Select all tickets on this page");
    public ILocator NewStatus => page.GetByLabel("New status");
    public ILocator NewPriority => page.GetByLabel("New priority");
    public ILocator NewAssignee => page.GetByLabel("New assignee");
    public ILocator Apply => page.GetByRole(AriaRole.Button, new() { Name = "Apply to selected" });
    public ILocator SelectionCount => page.Locator("[data-selection-count]");
    public ILocator ResultHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Change selected tickets", Level = 1 });
    public ILocator Summary => page.GetByTestId("bulk-summary");
    public ILocator Failures => page.GetByTestId("bulk-failures");
    public ILocator BackToList => page.GetByRole(AriaRole.Link, new() { Name = "Back to the list" });

    public ILocator Select(string ticketNumber) => page.GetByLabel($"Select {ticketNumber}", new() { Exact = true });
}
