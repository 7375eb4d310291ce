using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>"Linked projects and assignments" on a ticket's page.</summary>
public sealed class ProjectLinksSection(IPage page)
{
    public ILocator Section => page.GetByRole(AriaRole.Region, new() { Name = "Linked projects and assignments" });
    public ILocator Links => Section.Locator("li");
    // The outcome of a link or unlink is the page's status message, above the ticket.
    public ILocator Message => page.GetByTestId("status-message");
    public ILocator ToProject => Section.GetByRole(AriaRole.Form, new() { Name = "Link to a project" });
    public ILocator Project => ToProject.GetByLabel("Project");
    public ILocator ProjectLinkType => ToProject.GetByLabel("Link type");
    public ILocator LinkToProject => ToProject.GetByRole(AriaRole.Button, new() { Name = "Link to project" });

    /// <summary>The linked project or assignment of this name.</summary>
    public ILocator Linked(string name) => Links.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    public async Task LinkToProjectAsync(string projectOption, string linkType)
    {
        await Project.SelectOptionAsync(new SelectOptionValue { Label = projectOption });
        await ProjectLinkType.SelectOptionAsync(new SelectOptionValue { Label = linkType });
        await LinkToProject.ClickAsync();
    }
}
