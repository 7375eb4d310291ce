using Microsoft.Playwright;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>Saved views of the ticket list: save the filters, reopen them, rename and delete; nobody else's.</summary>
public sealed class SavedViewTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_saved_view_reopens_the_same_filters_and_can_be_renamed_and_deleted_by_its_owner_only()
    {
        await e2e.App.Database.ReplaceTicketsAsync(
            Make("E2E-V01", "VPN drops at home", TicketStatus.Open, TicketPriority.Critical, hoursAgo: 5),
            Make("E2E-V02", "VPN client will not start", TicketStatus.Open, TicketPriority.High, hoursAgo: 4),
            Make("E2E-V03", "VPN token expired", TicketStatus.Resolved, TicketPriority.High, hoursAgo: 3),
            Make("E2E-V04", "Printer offline", TicketStatus.Open, TicketPriority.Critical, hoursAgo: 2));
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        var panel = new SavedViewsPanel(page);
        await list.NavLink.ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–4 of 4 tickets");
        await Expect(panel.Panel).ToContainTextAsync("None yet");

        await list.Status.SelectOptionAsync(["open"]);
        await list.Search.FillAsync("vpn");
        await list.SortBy.SelectOptionAsync("priority");
        await list.Apply.ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–2 of 2 tickets");
        (await list.NumbersAsync()).ShouldBe(["E2E-V01", "E2E-V02"]);

        // Saved from page 2 of the list: a view still opens on page 1.
        await page.GotoAsync(page.Url + "&page=2");
        await panel.SaveAsync("Open VPN");
        await Expect(panel.Message).ToHaveTextAsync("Saved the view “Open VPN”.");
        await Expect(panel.View("Open VPN")).ToBeVisibleAsync();
        (await panel.View("Open VPN").GetAttributeAsync("href")).ShouldNotBeNull().ShouldNotContain("page=");

        // Another view of the same name is refused with a message.
        await panel.SaveAsync("Open VPN");
        await Expect(page.GetByText("You already have a view named “Open VPN”. Choose another name.")).ToBeVisibleAsync();

        // Reopened from a clean list: the same filters, sort and tickets.
        await page.GotoAsync("/Tickets");
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–4 of 4 tickets");
        await panel.View("Open VPN").ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–2 of 2 tickets");
        (await list.NumbersAsync()).ShouldBe(["E2E-V01", "E2E-V02"]);
        await Expect(list.Search).ToHaveValueAsync("vpn");
        await Expect(list.SortBy).ToHaveValueAsync("priority");
        (await list.Status.EvaluateAsync<string[]>("s => [...s.selectedOptions].map(o => o.value)")).ShouldBe(["open"]);
        await Expect(panel.View("Open VPN")).ToHaveAttributeAsync("aria-current", "page");

        // Rename, as its owner.
        await panel.Manage.ClickAsync();
        var views = new SavedViewsPage(page);
        await views.Rename("Open VPN").ClickAsync();
        var renameUrl = page.Url;
        await views.NewName.FillAsync("VPN, open only");
        await views.RenameButton.ClickAsync();
        await Expect(views.Message).ToHaveTextAsync("View renamed to “VPN, open only”.");
        await Expect(views.Row("VPN, open only")).ToBeVisibleAsync();
        await Expect(views.Row("Open VPN")).ToHaveCountAsync(0);

        // Someone else gets a 404 for it, and does not see it.
        var staff = await e2e.SignedInPageAsync(TestUser.Staff);
        var response = await staff.GotoAsync(renameUrl);
        response.ShouldNotBeNull().Status.ShouldBe(404);
        await staff.GotoAsync("/Tickets");
        await Expect(new SavedViewsPanel(staff).View("VPN, open only")).ToHaveCountAsync(0);

        // Delete, as its owner.
        await views.Delete("VPN, open only").ClickAsync();
        await Expect(views.Message).ToHaveTextAsync("View deleted.");
        await Expect(page.GetByText("You have no saved views.")).ToBeVisibleAsync();
    }

    private static Ticket Make(string number, string title, TicketStatus status, TicketPriority priority, int hoursAgo) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = "tkt_" + number,
        TicketNumber = number,
        Title = title,
        Description = "Reported by a test.",
        Status = status,
        Priority = priority,
        Category = "Network",
        Department = "IT Operations",
        RequesterName = "Dana Ruiz",
        CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
        UpdatedAt = DateTimeOffset.UtcNow.AddHours(-hoursAgo),
        LastSyncedAt = DateTimeOffset.UtcNow,
    };
}

/// <summary>The "Saved views" panel above the ticket list.</summary>
file sealed class SavedViewsPanel(IPage page)
{
    public ILocator Panel => page.GetByRole(AriaRole.Region, new() { Name = "Saved views" });
    public ILocator Name => Panel.GetByLabel("View name");
    public ILocator Save => Panel.GetByRole(AriaRole.Button, new() { Name = "Save this view" });
    public ILocator Message => page.GetByTestId("status-message");
    public ILocator Manage => Panel.GetByRole(AriaRole.Link, new() { Name = "Rename or delete" });

    public ILocator View(string name) =>
        Panel.GetByRole(AriaRole.List, new() { Name = "Your saved views" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task SaveAsync(string name)
    {
        await Name.FillAsync(name);
        await Save.ClickAsync();
    }
}

/// <summary>The "Saved views" page, where views are renamed and deleted, and its rename form.</summary>
file sealed class SavedViewsPage(IPage page)
{
    public ILocator Message => page.GetByRole(AriaRole.Status);
    public ILocator NewName => page.GetByLabel("New name");
    public ILocator RenameButton => page.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true });

    public ILocator Row(string name) => page.Locator("tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    public ILocator Rename(string name) => page.GetByRole(AriaRole.Link, new() { Name = $"Rename {name}", Exact = true });

    public ILocator Delete(string name) => page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}", Exact = true });
}
