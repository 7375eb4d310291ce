using Microsoft.Playwright;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>Saved views of the ticket list: save the filters, share them, reopen them, rename and delete.</summary>
public sealed class SavedViewTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_shared_view_is_listed_with_its_live_count_for_another_user_and_a_personal_one_is_not()
    {
        await e2e.App.ReplaceTicketsAsync(
            Make("E2E-V01", "VPN drops at home", TicketStatus.Open, TicketPriority.Critical, hoursAgo: 5),
            Make("E2E-V02", "VPN client will not start", TicketStatus.Open, TicketPriority.High, hoursAgo: 4),
            Make("E2E-V03", "VPN token expired", TicketStatus.Resolved, TicketPriority.High, hoursAgo: 3),
            Make("E2E-V04", "Printer offline", TicketStatus.Open, TicketPriority.Critical, hoursAgo: 2));
        await e2e.App.ExecuteAsync("DELETE FROM saved_views");
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        var save = new SaveViewForm(page);
        await list.NavLink.ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–4 of 4 tickets");

        await list.TickAsync("status", "Open");
        await list.Search.FillAsync("vpn");
        await list.TickAsync("sort", "Priority");
        await list.Apply.ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–2 of 2 tickets");
        (await list.NumbersAsync()).ShouldBe(["E2E-V01", "E2E-V02"]);

        // Saved from page 2 of the list: a view still opens on page 1. Shared with everyone (an admin may).
        await page.GotoAsync(page.Url + "&page=2");
        await save.SaveAsync("Open VPN", share: true);
        await Expect(save.Message).ToHaveTextAsync("Saved the view “Open VPN” and shared it with everyone.");
        await Expect(list.Preset("Open VPN")).ToHaveAttributeAsync("aria-current", "page");
        (await list.Preset("Open VPN").GetAttributeAsync("href")).ShouldNotBeNull().ShouldNotContain("page=");
        await Expect(list.PresetCount("Open VPN")).ToHaveTextAsync("2");

        // A personal one beside it.
        await page.GotoAsync("/Tickets?q=printer");
        await save.SaveAsync("Printers", share: false);
        await Expect(save.Message).ToHaveTextAsync("Saved the view “Printers”.");

        // Reopened from a clean list: the same filters, sort and tickets.
        await page.GotoAsync("/Tickets");
        await list.Preset("Open VPN").ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–2 of 2 tickets");
        (await list.NumbersAsync()).ShouldBe(["E2E-V01", "E2E-V02"]);
        await Expect(list.Search).ToHaveValueAsync("vpn");

        // Another user: the shared view with its count, not the personal one; a new matching ticket moves the count.
        var staff = await e2e.SignedInPageAsync(TestUser.Staff);
        var theirs = new TicketListPage(staff);
        await staff.GotoAsync("/Tickets");
        await Expect(theirs.Preset("Open VPN")).ToBeVisibleAsync();
        await Expect(theirs.PresetCount("Open VPN")).ToHaveTextAsync("2");
        await Expect(theirs.Preset("Printers")).ToHaveCountAsync(0);
        await staff.GotoAsync("/Views");
        await Expect(staff.GetByRole(AriaRole.Link, new() { Name = "Rename Open VPN" })).ToHaveCountAsync(0);

        // Its owner's admin renames it on the views page; everyone sees the new name.
        await page.GotoAsync("/Views");
        var views = new SavedViewsPage(page);
        await views.Rename("Open VPN").ClickAsync();
        await views.NewName.FillAsync("VPN, open only");
        await views.RenameButton.ClickAsync();
        await Expect(views.Message).ToHaveTextAsync("View renamed to “VPN, open only”.");
        await staff.GotoAsync("/Tickets");
        await Expect(theirs.Preset("VPN, open only")).ToBeVisibleAsync();

        await page.GotoAsync("/Views");
        await views.Delete("Printers").ClickAsync();
        await Expect(views.Message).ToHaveTextAsync("View deleted.");
        await Expect(views.Row("Printers")).ToHaveCountAsync(0);
    }

    private static Ticket Make(string number, string title, TicketStatus status, TicketPriority priority, int hoursAgo) =>
        ListTickets.Make(number, title, status, priority, DateTimeOffset.UtcNow.AddHours(-hoursAgo), created: DateTimeOffset.UtcNow.AddDays(-3));
}

/// <summary>"Save as view" beside the active filters.</summary>
file sealed class SaveViewForm(IPage page)
{
    public ILocator Message => page.GetByTestId("status-message");

    public async Task SaveAsync(string name, bool share)
    {
        await page.Locator("summary").Filter(new() { HasText = "Save as view" }).ClickAsync();
        await page.GetByLabel("View name").FillAsync(name);
        if (share)
        {
            await page.GetByLabel("Share with everyone").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save this view" }).ClickAsync();
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
