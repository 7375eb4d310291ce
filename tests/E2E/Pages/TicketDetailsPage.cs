using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>A ticket's detail page with its edit form, as a user sees it.</summary>
public sealed class TicketDetailsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator EditForm => page.GetByRole(AriaRole.Form, new() { Name = "Edit ticket" });
    public ILocator Status => EditForm.GetByLabel("Status");
    public ILocator Priority => EditForm.GetByLabel("Priority");
    public ILocator Assignee => EditForm.GetByLabel("Assignee");
    public ILocator DueDate => EditForm.GetByLabel("Due date");
    public ILocator Save => page.GetByRole(AriaRole.Button, new() { Name = "Save changes" });
    public ILocator StatusMessage => page.GetByTestId("status-message");
    public ILocator ErrorSummary => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
    public ILocator History => page.GetByTestId("history");
}
