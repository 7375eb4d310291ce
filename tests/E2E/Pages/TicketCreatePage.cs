using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The "Create ticket" form, as a user sees it.</summary>
public sealed class TicketCreatePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Create ticket", Level = 1 });
    public ILocator OpenFromList => page.GetByRole(AriaRole.Link, new() { Name = "Create ticket" });
    public ILocator Title => page.GetByLabel("Title");
    public ILocator Description => page.GetByLabel("Description");
    public ILocator Priority => page.GetByLabel("Priority");
    public ILocator Category => page.GetByLabel("Category");
    public ILocator Department => page.GetByLabel("Department");
    public ILocator DueDate => page.GetByLabel("Due date");
    public ILocator Tags => page.GetByLabel("Tags");
    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Create ticket" });
    public ILocator ErrorSummary => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });

    public async Task GotoAsync() => await page.GotoAsync("/Tickets/Create");
}
