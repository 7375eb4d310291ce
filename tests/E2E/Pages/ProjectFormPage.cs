using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The new-project and edit-project form, as a user sees it.</summary>
public sealed class ProjectFormPage(IPage page)
{
    public ILocator NavLink => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Projects" });
    public ILocator NewProject => page.GetByRole(AriaRole.Link, new() { Name = "New project" });
    public ILocator Name => page.GetByLabel("Name", new() { Exact = true });
    public ILocator Description => page.GetByLabel("Description");
    public ILocator Status => page.GetByLabel("Status");
    public ILocator Owner => page.GetByLabel("Owner");
    public ILocator StartDate => page.GetByLabel("Start date");
    public ILocator EndDate => page.GetByLabel("End date");
    public ILocator Create => page.GetByRole(AriaRole.Button, new() { Name = "Create project" });
    public ILocator Save => page.GetByRole(AriaRole.Button, new() { Name = "Save project" });
}
