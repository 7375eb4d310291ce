using Microsoft.Playwright;
using Shouldly;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>The notification settings page and the admins' e-mail, defaults and chat pages in Chromium.</summary>
public sealed class ChannelPagesTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_user_switches_a_type_off_for_email_chooses_a_digest_and_makes_a_calendar_address()
    {
        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        await page.GotoAsync("/Account/Notifications");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notification settings", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Notification settings" })).ToHaveAttributeAsync("aria-current", "page");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "preferences");

        var commentEmail = page.GetByRole(AriaRole.Checkbox, new() { Name = "Comment by e-mail" });
        await Expect(commentEmail).ToBeCheckedAsync();
        await commentEmail.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Once a day, as one digest" }).CheckAsync();
        await page.GetByLabel("Digest hour").SelectOptionAsync("17");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        await Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Your notification settings were saved.");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Comment by e-mail" })).Not.ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Comment in the app" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Once a day, as one digest" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Digest hour")).ToHaveValueAsync("17");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create my calendar address" }).ClickAsync();
        var address = page.GetByLabel("Your calendar address");
        await Expect(address).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/calendar/[A-Za-z0-9_-]{43}\.ics$"));
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "preferences-saved");
        var feed = await page.APIRequest.GetAsync(new Uri(await address.InputValueAsync()).PathAndQuery);
        feed.Status.ShouldBe(200);
        (await feed.TextAsync()).ShouldStartWith("BEGIN:VCALENDAR");
    }

    [Fact]
    public async Task The_admin_email_page_shows_the_queues_and_says_why_a_test_email_was_not_sent()
    {
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync("/Admin/Mail");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "E-mail", Level = 1 })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "admin-mail");

        await page.GetByLabel("Send it to").FillAsync("someone@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test e-mail" }).ClickAsync();
        await Expect(page.GetByTestId("test-result")).ToContainTextAsync("Not sent.");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "admin-mail-test");
    }

    [Fact]
    public async Task An_admin_adds_a_chat_channel_with_a_rule_and_sends_a_test_message_to_it()
    {
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Chat channels", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chat channels", Level = 1 })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "admin-chat-empty");

        var channel = $"e2e-{Guid.NewGuid():N}"[..16];
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("#it-critical");
        await page.GetByLabel("Incoming webhook address").FillAsync(new Uri(e2e.App.Simulator.BaseUrl, $"/_sim/chat/{channel}").ToString());
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Critical", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Urgent", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();

        await Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Channel #it-critical added.");
        var row = page.GetByTestId("channel-list").GetByRole(AriaRole.Row).Filter(new() { HasText = "#it-critical" });
        await Expect(row).ToContainTextAsync("Critical or Urgent priority");
        await Expect(row).Not.ToContainTextAsync("_sim/chat/" + channel);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test message to #it-critical" }).ClickAsync();
        await Expect(page.GetByTestId("test-result")).ToContainTextAsync("Test message sent.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a channel", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Post to this channel")).ToBeCheckedAsync();
        e2e.App.Simulator.Chat.Posts(channel).ShouldHaveSingleItem().Body.GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("#it-critical");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "admin-chat-tested");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove #it-critical" }).ClickAsync();
        await Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Channel #it-critical removed.");
    }

    [Fact]
    public async Task An_admin_sets_the_notification_defaults_for_new_users()
    {
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync("/Admin/Mail");
        await page.GetByRole(AriaRole.Link, new() { Name = "Notification defaults for new users" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notification defaults", Level = 1 })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "admin-defaults");

        var slaChat = page.GetByRole(AriaRole.Checkbox, new() { Name = "SLA breach in chat" });
        var wasChecked = await slaChat.IsCheckedAsync();
        await slaChat.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByLabel("Digest hour").SelectOptionAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save defaults" }).ClickAsync();

        await Expect(page.GetByTestId("status-message")).ToHaveTextAsync("The defaults for new users were saved.");
        if (wasChecked)
        {
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "SLA breach in chat" })).Not.ToBeCheckedAsync();
        }
        else
        {
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "SLA breach in chat" })).ToBeCheckedAsync();
        }

        await Expect(page.GetByLabel("Digest hour")).ToHaveValueAsync("6");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "admin-defaults-saved");
    }

    [Fact]
    public async Task The_unsubscribe_page_answers_an_unknown_link_with_not_found()
    {
        var page = await e2e.NewPageAsync();
        var response = await page.GotoAsync("/unsubscribe/not-a-real-token");
        response.ShouldNotBeNull();
        response.Status.ShouldBe(404);
    }

    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots", "channels");
        Directory.CreateDirectory(folder);
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}x{height}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1440, 900);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ticketing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ticketing.sln was not found above " + AppContext.BaseDirectory);
    }
}
