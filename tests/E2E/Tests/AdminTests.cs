using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>The administration pages in Chromium, under the app's Content-Security-Policy.</summary>
public sealed class AdminTests(E2EFixture e2e)
{
    public static readonly TheoryData<string> AdminPaths =
        ["/Admin", "/Admin/SyncLogs", "/Admin/Monitoring", "/Admin/Users", "/Admin/Users/Create", "/Admin/Audit", "/Admin/Mail", "/Admin/Mail/Defaults", "/Admin/Chat", "/hangfire"];

    /// <summary>Every signed-in page of the app, the other areas' too: none may trip the policy.</summary>
    public static readonly TheoryData<string> AllPaths =
    [
        "/", "/Tickets", "/Tickets/Create", "/Projects", "/Assignments", "/Notifications", "/Views", "/Account/ChangePassword", "/Account/Notifications",
        "/Admin", "/Admin/SyncLogs", "/Admin/Monitoring", "/Admin/Users", "/Admin/Users/Create", "/Admin/Audit", "/Admin/Mail", "/Admin/Mail/Defaults", "/Admin/Chat", "/hangfire",
    ];

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task Pages_load_without_a_content_security_policy_violation_or_script_error(string path)
    {
        var page = await e2e.SignedInPageAsync();
        var problems = Watch(page);

        var response = await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        response.ShouldNotBeNull();
        response.Status.ShouldBe(200, path);
        problems.ShouldBeEmpty(path);
    }

    [Theory]
    [MemberData(nameof(AdminPaths))]
    public async Task Staff_user_gets_access_denied_on_every_admin_page(string path)
    {
        var page = await e2e.SignedInPageAsync(TestUser.Staff);

        var response = await page.GotoAsync(path);

        response.ShouldNotBeNull();
        response.Status.ShouldBe(403, path);
        await Expect(new AdminNav(page).Section).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_finds_every_admin_page_in_the_sidebar()
    {
        var page = await e2e.SignedInPageAsync();
        var nav = new AdminNav(page);

        foreach (var (link, heading) in new[]
        {
            ("Integration", "Championship IT integration"), ("Sync logs", "Sync logs"), ("Monitoring", "Monitoring"),
            ("Users and roles", "Users and roles"), ("Audit log", "Audit log"),
        })
        {
            await nav.Link(link).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(nav.Link(link)).ToHaveAttributeAsync("aria-current", "page");
        }
    }

    [Fact]
    public async Task Settings_page_keeps_the_api_key_write_only_and_tests_the_connection()
    {
        var page = await e2e.SignedInPageAsync();
        var settings = new SettingsPage(page);

        await settings.GotoAsync();

        await Expect(settings.ApiKey).ToHaveValueAsync("");
        await Expect(settings.ApiKeyState).ToContainTextAsync("Set, ends in …" + e2e.App.Simulator.ApiKey[^4..]);
        (await page.ContentAsync()).ShouldNotContain(e2e.App.Simulator.ApiKey);

        await settings.TestConnection.ClickAsync();

        await Expect(settings.TestResult).ToContainTextAsync("Connected to Championship IT in");
    }

    [Fact]
    public async Task A_sync_runs_page_says_in_words_what_became_of_the_comments_read_after_it()
    {
        var started = DateTimeOffset.UtcNow.AddDays(-300);
        var details = new Ticketing.Application.Sync.SyncDetails
        {
            Mode = "incremental",
            Updated = 100,
            DurationMs = 84,
            DeletionsFeedServed = true,
            CommentsState = Ticketing.Application.Sync.SyncDetails.CommentsRead,
            CommentTickets = 200,
            CommentsAdded = 12,
            AttachmentsAdded = 3,
            CommentTicketsPending = 41,
        };
        details.AddStep("store", TimeSpan.FromMilliseconds(61));
        details.AddStep("comments", TimeSpan.FromMilliseconds(1_800));
        var run = new Ticketing.Domain.Sync.SyncLog
        {
            Id = Guid.CreateVersion7(),
            SyncType = Ticketing.Domain.Sync.SyncType.Scheduled,
            Status = Ticketing.Domain.Sync.SyncStatus.Success,
            RecordsProcessed = 100,
            StartedAt = started,
            CompletedAt = started.AddMilliseconds(84),
            DetailsJson = details.ToJson(),
        };
        await using (var db = e2e.App.Database.CreateDbContext())
        {
            db.SyncLogs.Add(run);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync($"/Admin/SyncLogs/Details/{run.Id}");

        // The shared app's catch-up job may read into this run too (it adds to the latest finished run): its
        // state stays "read", and the run's own duration never includes the reading.
        await Expect(page.GetByText(new Regex("^Read after the run, in \\d"))).ToBeVisibleAsync();
        await Expect(page.GetByText("84 ms", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "incsync", "sync-run-comments-read");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task Sync_log_chart_is_drawn_with_its_table_kept_for_screen_readers()
    {
        var page = await e2e.SignedInPageAsync();
        var problems = Watch(page);

        await page.GotoAsync("/Admin/SyncLogs");

        var chart = page.GetByRole(AriaRole.Figure, new() { NameRegex = new Regex("^Sync runs per day") });
        await Expect(chart.Locator("canvas")).ToBeVisibleAsync();
        await Expect(chart.GetByRole(AriaRole.Table)).ToHaveCountAsync(1);
        (await chart.GetByRole(AriaRole.Table).Locator("tbody tr").CountAsync()).ShouldBe(30);
        problems.ShouldBeEmpty();
    }

    /// <summary>Console errors (policy violations among them), failed loads and uncaught script errors on the page.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // A failed load is reported below with its address; the browser's own favicon probe is no fault.
            if ((message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        return problems;
    }

    /// <summary>The sidebar's Administration section.</summary>
    private sealed class AdminNav(IPage page)
    {
        public ILocator Section => page.GetByRole(AriaRole.Heading, new() { Name = "Administration" });

        public ILocator Link(string name) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
    }

    /// <summary>The integration settings page.</summary>
    private sealed class SettingsPage(IPage page)
    {
        public ILocator ApiKey => page.GetByLabel("API key", new() { Exact = true });

        public ILocator ApiKeyState => page.GetByTestId("api-key-state");

        public ILocator TestConnection => page.GetByRole(AriaRole.Button, new() { Name = "Test connection" });

        public ILocator TestResult => page.GetByTestId("connection-test");

        public async Task GotoAsync() => await page.GotoAsync("/Admin");
    }
}
