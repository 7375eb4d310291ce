using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Caching;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The notification inbox's everyday actions, as a user does them: mark one read, mark all read,
/// page through, open one. Each would have failed before the paging value stopped being "page"
/// (a 500 on "Mark read", and "Next" stuck on page 1).
/// </summary>
public sealed class InboxTests(E2EFixture e2e)
{
    private static readonly DateTimeOffset Newest = DateTimeOffset.UtcNow.AddMinutes(-5);

    [Fact]
    public async Task Marking_one_notification_read_changes_its_row_and_the_badge_without_an_error()
    {
        await SeedAsync(Notification("Inbox A"), Notification("Inbox B", minutesBefore: 1), Notification("Inbox C", minutesBefore: 2));
        var (page, serverErrors) = await SignedInAsAlexAsync();
        var inbox = new InboxPage(page);
        await Expect(inbox.Badge).ToHaveTextAsync("3");
        await inbox.BadgeLink.ClickAsync();
        await Expect(inbox.Rows).ToHaveCountAsync(3);
        await Expect(inbox.Row("Inbox B")).ToContainTextAsync("Unread");

        await inbox.MarkRead("Inbox B").ClickAsync();

        await Expect(inbox.Heading).ToBeVisibleAsync();
        await Expect(inbox.UnreadSummary).ToHaveTextAsync("2 unread");
        await Expect(inbox.Badge).ToHaveTextAsync("2");
        await Expect(inbox.Row("Inbox B")).Not.ToContainTextAsync("Unread");
        await Expect(inbox.MarkRead("Inbox B")).ToHaveCountAsync(0);
        await Expect(inbox.Row("Inbox A")).ToContainTextAsync("Unread");
        await Expect(inbox.Row("Inbox C")).ToContainTextAsync("Unread");
        serverErrors.ShouldBeEmpty();
        (await ReadTitlesAsync()).ShouldBe(["Inbox B"]);
    }

    [Fact]
    public async Task Mark_all_read_clears_the_badge_and_every_row_and_keeps_the_filter()
    {
        await SeedAsync(Notification("Inbox D"), Notification("Inbox E", minutesBefore: 1), Notification("Inbox F", minutesBefore: 2));
        var (page, serverErrors) = await SignedInAsAlexAsync();
        var inbox = new InboxPage(page);
        await inbox.GotoAsync();
        await inbox.UnreadFilter.ClickAsync();
        await Expect(inbox.Rows).ToHaveCountAsync(3);

        await inbox.MarkAllRead.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/Notifications\?unread=true$"));
        await Expect(inbox.UnreadSummary).ToHaveTextAsync("0 unread");
        await Expect(inbox.Badge).ToBeHiddenAsync();
        await Expect(inbox.List).ToHaveCountAsync(0);
        await Expect(page.GetByText("No unread notifications.")).ToBeVisibleAsync();
        await Expect(inbox.MarkAllRead).ToHaveCountAsync(0);
        serverErrors.ShouldBeEmpty();
        (await ReadTitlesAsync()).Order().ShouldBe(["Inbox D", "Inbox E", "Inbox F"]);
    }

    [Fact]
    public async Task Next_and_Previous_page_through_more_than_one_page_and_marking_read_stays_on_the_page()
    {
        // 30 notifications, "Inbox 30" the newest: page 1 holds 30 to 06, page 2 holds 05 to 01.
        await SeedAsync([.. Enumerable.Range(1, 30).Select(i => Notification($"Inbox {i:D2}", minutesBefore: 30 - i))]);
        var (page, serverErrors) = await SignedInAsAlexAsync();
        var inbox = new InboxPage(page);
        await inbox.GotoAsync();
        await Expect(inbox.Rows).ToHaveCountAsync(25);
        var first = await inbox.TitlesAsync();
        first.ShouldBe([.. Enumerable.Range(6, 25).Reverse().Select(i => $"Inbox {i:D2}")]);
        await Expect(inbox.Pager).ToContainTextAsync("Page 1 of 2");
        await Expect(inbox.Pager.GetByText("Previous")).ToBeVisibleAsync();
        await Expect(inbox.Previous).ToHaveCountAsync(0);

        await inbox.Next.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]p=2$"));
        await Expect(inbox.Pager).ToContainTextAsync("Page 2 of 2");
        await Expect(inbox.Rows).ToHaveCountAsync(5);
        (await inbox.TitlesAsync()).ShouldBe(["Inbox 05", "Inbox 04", "Inbox 03", "Inbox 02", "Inbox 01"]);
        await Expect(inbox.Next).ToHaveCountAsync(0);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await inbox.MarkRead("Inbox 03").ClickAsync();

        await Expect(inbox.Pager).ToContainTextAsync("Page 2 of 2");
        await Expect(inbox.MarkRead("Inbox 03")).ToHaveCountAsync(0);
        await Expect(inbox.MarkReadButtons).ToHaveCountAsync(4);
        await Expect(inbox.Badge).ToHaveTextAsync("29");

        await inbox.Previous.ClickAsync();

        await Expect(inbox.Pager).ToContainTextAsync("Page 1 of 2");
        await Expect(inbox.Rows).ToHaveCountAsync(25);
        (await inbox.TitlesAsync()).ShouldBe(first);
        serverErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Opening_a_notification_by_keyboard_marks_it_read_by_a_post_and_goes_to_its_ticket()
    {
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-1), title: "Printer on floor 3 jams");
        await e2e.App.ReplaceTicketsAsync(ticket);
        await SeedAsync(Notification("Inbox open me", ticketId: ticket.Id));
        var (page, serverErrors) = await SignedInAsAlexAsync();
        var inbox = new InboxPage(page);
        var id = await NotificationIdAsync("Inbox open me");

        // Following the old address changes nothing: it only leads to the inbox.
        await page.GotoAsync($"/Notifications/Open/{id}");
        await Expect(inbox.Heading).ToBeVisibleAsync();
        await Expect(inbox.Row("Inbox open me")).ToContainTextAsync("Unread");
        (await ReadTitlesAsync()).ShouldBeEmpty();

        await inbox.Open("Inbox open me").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex($"/Tickets/Details/{ticket.Id}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Printer on floor 3 jams");
        await Expect(inbox.Badge).ToBeHiddenAsync();
        (await ReadTitlesAsync()).ShouldBe(["Inbox open me"]);
        serverErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_users_notification_cannot_be_opened_or_marked_read()
    {
        await SeedAsync(Notification("Inbox not yours"));
        var id = await NotificationIdAsync("Inbox not yours");
        var admin = await e2e.SignedInPageAsync();
        await admin.GotoAsync("/Notifications");
        var token = await admin.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");

        var open = await admin.APIRequest.PostAsync($"/Notifications/Open/{id}", new() { Form = Form(token!), MaxRedirects = 0 });
        var read = await admin.APIRequest.PostAsync($"/Notifications?handler=Read&id={id}", new() { Form = Form(token!), MaxRedirects = 0 });

        open.Status.ShouldBe(404);
        read.Status.ShouldBe(404);
        (await ReadTitlesAsync()).ShouldBeEmpty();
        await Expect(new InboxPage(admin).Row("Inbox not yours")).ToHaveCountAsync(0);

        IFormData Form(string value)
        {
            var form = admin.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", value);
            return form;
        }
    }

    [Fact]
    public async Task A_time_in_a_notification_is_shown_in_the_readers_time_zone()
    {
        // July: Lisbon (the browser's zone in these tests) is an hour ahead of UTC.
        var breach = Notification("Inbox SLA", "Printer down", NotificationType.SlaBreach);
        breach.DueAt = new DateTimeOffset(2026, 7, 1, 14, 5, 0, TimeSpan.Zero);
        await SeedAsync(breach);
        var (page, _) = await SignedInAsAlexAsync();
        var inbox = new InboxPage(page);
        await inbox.GotoAsync();

        await Expect(inbox.Row("Inbox SLA")).ToContainTextAsync("Due 1 Jul 2026, 15:05 (Europe/Lisbon) and still not resolved: Printer down");
        await Expect(inbox.Row("Inbox SLA")).Not.ToContainTextAsync("UTC");
    }

    [Fact]
    public async Task The_inbox_fits_a_phone_screen_and_has_no_serious_accessibility_violation()
    {
        await SeedAsync(
            Notification("Inbox a notification whose title is long enough to wrap on a phone screen", "A message that is longer than one line on a phone, about a ticket."),
            Notification("Inbox read one", minutesBefore: 1, read: true),
            Notification("Inbox rejected", "Championship IT refused the change.", NotificationType.WriteRejected, minutesBefore: 2));
        var (page, _) = await SignedInAsAlexAsync();
        await page.SetViewportSizeAsync(390, 844);
        var inbox = new InboxPage(page);
        await inbox.GotoAsync();
        await Expect(inbox.Rows).ToHaveCountAsync(3);

        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("no sideways scrolling");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task A_notification_arriving_while_the_inbox_is_open_is_counted_in_a_bar_and_Show_brings_it_in()
    {
        await SeedAsync(Notification("Inbox already here"));
        var (page, serverErrors) = await SignedInAsAlexAsync();
        var inbox = new InboxPage(page);
        await inbox.GotoAsync();
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        await Expect(inbox.Badge).ToHaveTextAsync("1");
        await Expect(inbox.Rows).ToHaveCountAsync(1);

        // The dispatcher writes a notification and tells the user's open pages.
        await using (var db = e2e.App.Database.CreateDbContext())
        {
            var alex = await AlexIdAsync(db);
            var arrived = Notification("Inbox arrived live");
            arrived.UserId = alex;
            arrived.CreatedAt = DateTimeOffset.UtcNow;
            db.Notifications.Add(arrived);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await e2e.App.Services.GetRequiredService<ICacheInvalidator>().InvalidateForUsersAsync(CacheTag.Notifications, [alex]);
            await e2e.App.Services.GetRequiredService<Ticketing.Application.Common.Interfaces.ILiveUpdates>().NotificationsChangedAsync([alex], TestContext.Current.CancellationToken);
        }

        var news = page.GetByTestId("inbox-news");
        await Expect(news).ToHaveTextAsync("1 new notificationShow");
        await Expect(inbox.Badge).ToHaveTextAsync("2");
        await Expect(inbox.UnreadSummary).ToHaveTextAsync("2 unread");
        // Counted, not inserted under the reader; and no toast repeating it on the inbox itself.
        await Expect(inbox.Rows).ToHaveCountAsync(1);
        await Expect(page.Locator("#live-toasts .toast")).ToHaveCountAsync(0);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "inbox", "inbox-news-bar");

        await news.GetByRole(AriaRole.Link, new() { Name = "Show" }).ClickAsync();
        await Expect(inbox.Rows).ToHaveCountAsync(2);
        await Expect(inbox.Row("Inbox arrived live")).ToContainTextAsync("Unread");
        await Expect(news).ToHaveCountAsync(0);
        serverErrors.ShouldBeEmpty();
    }

    private static TicketNotification Notification(
        string title,
        string message = "Something changed.",
        NotificationType type = NotificationType.StatusChange,
        int minutesBefore = 0,
        Guid? ticketId = null,
        bool read = false) => new()
        {
            Id = Guid.CreateVersion7(),
            TicketId = ticketId,
            UserId = "",
            NotificationType = type,
            Title = title,
            Message = message,
            IsRead = read,
            ReadAt = read ? Newest : null,
            CreatedAt = Newest.AddMinutes(-minutesBefore),
        };

    /// <summary>Alex's inbox holds exactly these (once nothing else is on its way into it).</summary>
    private async Task SeedAsync(params TicketNotification[] notifications)
    {
        await using var db = e2e.App.Database.CreateDbContext();
        var ct = TestContext.Current.CancellationToken;
        await Eventually.UntilAsync(async () => !await db.TicketEvents.AnyAsync(e => e.ProcessedAt == null, ct), "no ticket event waits to become a notification");
        var alex = await AlexIdAsync(db);
        await db.Notifications.Where(n => n.UserId == alex).ExecuteDeleteAsync(ct);
        foreach (var n in notifications)
        {
            n.UserId = alex;
        }

        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);

        // Written behind the app's back, so the app's cache is told, as its own writers tell it.
        await e2e.App.Services.GetRequiredService<ICacheInvalidator>().InvalidateForUsersAsync(CacheTag.Notifications, [alex]);
    }

    private async Task<(IPage Page, List<string> ServerErrors)> SignedInAsAlexAsync()
    {
        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        var errors = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        return (page, errors);
    }

    private async Task<Guid> NotificationIdAsync(string title)
    {
        await using var db = e2e.App.Database.CreateDbContext();
        return await db.Notifications.Where(n => n.Title == title).Select(n => n.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task<List<string>> ReadTitlesAsync()
    {
        await using var db = e2e.App.Database.CreateDbContext();
        return await db.Notifications.Where(n => n.IsRead && n.Title.StartsWith("Inbox ")).Select(n => n.Title).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static Task<string> AlexIdAsync(Ticketing.Infrastructure.Persistence.TicketingDbContext db) =>
        db.Users.Where(u => u.Email == TestUser.Staff.Email).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
}
