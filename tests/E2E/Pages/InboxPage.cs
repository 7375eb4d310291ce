using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The notification inbox, as a user sees it.</summary>
public sealed class InboxPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 });
    public ILocator List => page.GetByRole(AriaRole.List, new() { Name = "Your notifications" });
    public ILocator Rows => List.GetByRole(AriaRole.Listitem);
    public ILocator UnreadSummary => page.GetByTestId("unread-summary");
    public ILocator Badge => page.GetByTestId("unread-count");
    public ILocator BadgeLink => page.GetByTestId("notification-badge-link");
    public ILocator MarkAllRead => page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" });
    public ILocator MarkReadButtons => List.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Mark read") });
    public ILocator Pager => page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
    public ILocator Next => Pager.GetByRole(AriaRole.Link, new() { Name = "Next" });
    public ILocator Previous => Pager.GetByRole(AriaRole.Link, new() { Name = "Previous" });
    public ILocator UnreadFilter => page.GetByRole(AriaRole.Group, new() { Name = "Read state" }).GetByRole(AriaRole.Link, new() { Name = "Unread" });

    /// <summary>The row of the notification with this title (titles in the tests are unique and none contains another).</summary>
    public ILocator Row(string title) => Rows.Filter(new() { HasText = title });

    public ILocator MarkRead(string title) => List.GetByRole(AriaRole.Button, new() { Name = $"Mark read: {title}", Exact = true });

    /// <summary>The notification's title, which opens its ticket (a button: opening marks it read).</summary>
    public ILocator Open(string title) => List.GetByRole(AriaRole.Button, new() { Name = title, Exact = true });

    public async Task GotoAsync() => await page.GotoAsync("/Notifications");

    /// <summary>The titles of the rows shown, top to bottom.</summary>
    public async Task<IReadOnlyList<string>> TitlesAsync() =>
        await List.Locator("[data-notification] .notification-open, [data-notification] .notification-title").AllInnerTextsAsync();
}
