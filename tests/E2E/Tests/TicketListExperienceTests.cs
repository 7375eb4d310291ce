using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;
using Ticket = Ticketing.Domain.Tickets.Ticket;
using TicketPriority = Ticketing.Domain.Tickets.TicketPriority;
using TicketStatus = Ticketing.Domain.Tickets.TicketStatus;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The list an agent keeps open all day (issue 16): what the first screen shows, presets and their
/// counts against the database, inline and bulk edits, shortcuts, and live updates that keep the
/// selection and the focus. Screenshots go to artifacts/screenshots/list (not committed).
/// </summary>
public sealed class TicketListExperienceTests(E2EFixture e2e)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_rows_are_on_the_first_screen_the_table_fits_1280_px_and_Axe_finds_nothing_serious()
    {
        var now = DateTimeOffset.UtcNow;
        await e2e.App.ReplaceTicketsAsync([.. Enumerable.Range(1, 30).Select(i => Make(
            $"IT-{i:D6}",
            i == 1 ? "Printer on floor 3 prints blank pages after the driver update on every laptop in finance and payroll" : $"VPN drops every {i} minutes",
            i % 3 == 0 ? TicketStatus.InProgress : TicketStatus.Open,
            i % 4 == 0 ? TicketPriority.Critical : TicketPriority.Medium,
            updated: now.AddMinutes(-i),
            due: i % 5 == 0 ? now.AddHours(-30) : now.AddHours(i)))]);
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);

        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/Tickets");
        await Expect(list.Rows).ToHaveCountAsync(25);
        var first = (await list.Rows.First.BoundingBoxAsync()).ShouldNotBeNull();
        (first.Y + first.Height).ShouldBeLessThan(900, "the first row is visible without scrolling at 1440×900");
        var fifth = (await list.Rows.Nth(4).BoundingBoxAsync()).ShouldNotBeNull();
        (fifth.Y + fifth.Height).ShouldBeLessThan(900, "the first rows, not only one, are above the fold");
        await Expect(list.Row("IT-000005").Locator(".c-due time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^⚠ overdue \\d+ h$"));
        await Expect(list.Row("IT-000002").Locator(".c-due time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^due in \\d+ (h|min)$"));
        (await list.Row("IT-000002").Locator(".c-due time").GetAttributeAsync("title")).ShouldNotBeNull().ShouldStartWith("Due ");
        await ScreenshotAsync(page, "list-1440x900");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        // The page's weight with 25 rows (issue 20 measured 74 KB before): reported, not asserted as a speed target.
        var html = await (await page.APIRequest.GetAsync("/Tickets")).BodyAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"/Tickets with 25 rows: {html.Length:N0} bytes of HTML");
        await File.WriteAllTextAsync(Path.Combine(RepositoryRoot(), "artifacts", "screenshots", "list", "html-size.txt"), $"{html.Length}\n", Ct);

        await page.SetViewportSizeAsync(1280, 800);
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("no horizontal scroll at 1280 px");
        (await page.EvaluateAsync<bool>(
            "[...document.querySelectorAll('.ticket-table td.c-num a')].every(a => a.getClientRects().length === 1 && a.scrollWidth <= a.parentElement.clientWidth)"))
            .ShouldBeTrue("ticket numbers never wrap or clip");
        var title = list.Row("IT-000001").Locator(".t-title");
        (await title.GetAttributeAsync("title")).ShouldNotBeNull().ShouldStartWith("Printer on floor 3");
        (await title.EvaluateAsync<bool>("t => t.scrollWidth > t.clientWidth")).ShouldBeTrue("a long title is truncated, its full text on hover");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        var card = (await list.Rows.First.BoundingBoxAsync()).ShouldNotBeNull();
        (card.Y + card.Height).ShouldBeLessThan(844, "the first ticket is on the first screen of a phone");
        card.Height.ShouldBeLessThanOrEqualTo(120, "a phone card is compact");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("no sideways scroll on a phone");
        await ScreenshotAsync(page, "list-390x844");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/");
        await ScreenshotAsync(page, "overview-1440x900");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Unresolved Tickets" }).ClickAsync();
        await Expect(list.Preset("Unresolved")).ToHaveAttributeAsync("aria-current", "page");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await ScreenshotAsync(page, "overview-390x844");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task Every_preset_shows_the_count_the_database_gives_and_opens_that_list()
    {
        var now = DateTimeOffset.UtcNow;
        await e2e.App.ReplaceTicketsAsync(
            Make("IT-100001", "Mine, overdue", TicketStatus.Open, TicketPriority.Critical, now.AddHours(-1), now.AddHours(-5), assignee: "agt_1"),
            Make("IT-100002", "Mine, at risk", TicketStatus.InProgress, TicketPriority.High, now.AddHours(-2), now.AddHours(2), assignee: "agt_1"),
            Make("IT-100003", "Mine, resolved", TicketStatus.Resolved, TicketPriority.Urgent, now.AddHours(-3), now.AddHours(-5), assignee: "agt_1"),
            Make("IT-100004", "Nobody's, urgent", TicketStatus.Pending, TicketPriority.Urgent, now.AddHours(-4), now.AddDays(3)),
            Make("IT-100005", "Nobody's, on hold", TicketStatus.OnHold, TicketPriority.Low, now.AddHours(-5), null),
            Make("IT-100006", "Someone else's", TicketStatus.Open, TicketPriority.Medium, now.AddHours(-6), now.AddHours(-1), assignee: "agt_2"),
            Make("IT-100007", "Closed long ago", TicketStatus.Closed, TicketPriority.Critical, now.AddHours(-7), null));
        var expected = new Dictionary<string, long>
        {
            ["My open"] = await CountAsync("assignee_id = 'agt_1' AND status IN ('open','in_progress','pending','on_hold')"),
            ["Unassigned"] = await CountAsync("assignee_id IS NULL AND status IN ('open','in_progress','pending','on_hold')"),
            ["Unresolved"] = await CountAsync("status IN ('open','in_progress','pending','on_hold')"),
            ["Overdue"] = await CountAsync("status IN ('open','in_progress','pending','on_hold') AND due_date < now()"),
            ["Critical & urgent"] = await CountAsync("status IN ('open','in_progress','pending','on_hold') AND priority IN ('critical','urgent')"),
        };
        expected.Values.ToArray().ShouldBe([2L, 2L, 5L, 2L, 2L], "the seeded set covers every preset");

        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        var list = new TicketListPage(page);
        await page.GotoAsync("/Tickets");
        foreach (var (preset, count) in expected)
        {
            await Expect(list.PresetCount(preset)).ToHaveTextAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Expect(list.PresetCount("At risk")).ToHaveTextAsync("1");
        foreach (var (preset, count) in expected)
        {
            await list.Preset(preset).ClickAsync();
            await Expect(list.Preset(preset)).ToHaveAttributeAsync("aria-current", "page");
            await Expect(list.Rows).ToHaveCountAsync((int)count);
            page.Url.ShouldNotContain("=&");
            page.Url.ShouldNotEndWith("=");
        }
    }

    [Fact]
    public async Task Shortcuts_move_select_and_change_a_row_inline_and_the_change_reaches_the_remote()
    {
        var token = Token();
        var byNumber = (await SeedAsync($"Docking station {token} A", $"Docking station {token} B", $"Docking station {token} C")).ToDictionary(t => t.TicketNumber);
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        var bulk = new TicketBulkPage(page);
        await page.GotoAsync($"/Tickets?q={token}&sort=created&dir=asc");
        await Expect(list.Rows).ToHaveCountAsync(3);
        var seeded = (await list.NumbersAsync()).Select(n => byNumber[n]).ToList();

        await page.Keyboard.PressAsync("/");
        await Expect(list.Search).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("jk");
        await Expect(list.Search).ToHaveValueAsync("jk", new() { Timeout = 5000 });
        await list.Search.FillAsync(token);
        await list.Search.BlurAsync();

        // j twice: the second ticket; x selects it; k and x select the first too.
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        await Expect(list.Row(seeded[1].TicketNumber).Locator(".c-num a")).ToBeFocusedAsync();
        await Expect(list.Announcer).ToContainTextAsync(seeded[1].TicketNumber);
        await page.Keyboard.PressAsync("x");
        await Expect(bulk.Select(seeded[1].TicketNumber)).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("k");
        await page.Keyboard.PressAsync("x");
        await Expect(bulk.SelectionCount).ToHaveTextAsync("2 tickets selected");
        // And the mouse: a click on the third box.
        await bulk.Select(seeded[2].TicketNumber).ClickAsync();
        await Expect(bulk.SelectionCount).ToHaveTextAsync("3 tickets selected");
        await bulk.Select(seeded[2].TicketNumber).ClickAsync();
        await Expect(bulk.SelectionCount).ToHaveTextAsync("2 tickets selected");

        // s opens the status editor of the row with the cursor; choosing saves it through the remote.
        await list.Row(seeded[0].TicketNumber).Locator(".c-num a").FocusAsync();
        await page.Keyboard.PressAsync("s");
        var editor = page.GetByLabel($"New status for {seeded[0].TicketNumber}");
        await Expect(editor).ToBeFocusedAsync();
        await editor.SelectOptionAsync(new SelectOptionValue { Label = "On hold" });
        await Expect(list.Row(seeded[0].TicketNumber).Locator(".c-status")).ToHaveTextAsync("On hold");
        await Expect(list.Row(seeded[0].TicketNumber).Locator(".row-note")).ToContainTextAsync("Saved");
        e2e.App.Simulator.Store.Find(seeded[0].ExternalTicketId)!.Status.ShouldBe(SimStatus.OnHold);
        await Expect(bulk.Select(seeded[0].TicketNumber)).ToBeCheckedAsync();

        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "list-shortcuts-1440");
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Bulk_edit_across_two_pages_keeps_selection_and_focus_through_a_live_update()
    {
        var token = Token();
        var byNumber = (await SeedAsync([.. Enumerable.Range(1, 27).Select(i => $"Monitor flicker {token} {i:D2}")])).ToDictionary(t => t.TicketNumber);
        var page = await e2e.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        var list = new TicketListPage(page);
        var bulk = new TicketBulkPage(page);
        await page.GotoAsync($"/Tickets?q={token}&sort=created&dir=asc");
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        await Expect(list.Rows).ToHaveCountAsync(25);
        var seeded = (await list.NumbersAsync()).Select(n => byNumber[n]).ToList();
        await page.EvaluateAsync("window.__notReloaded = true");

        await bulk.Select(seeded[0].TicketNumber).CheckAsync();
        await bulk.Select(seeded[1].TicketNumber).CheckAsync();
        await Expect(bulk.SelectionCount).ToHaveTextAsync("2 tickets selected");
        await bulk.NewPriority.SelectOptionAsync(new SelectOptionValue { Label = "High" });

        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(list.Rows).ToHaveCountAsync(2);
        seeded.AddRange((await list.NumbersAsync()).Select(n => byNumber[n]));
        await list.Row(seeded[26].TicketNumber).Locator(".c-num a").FocusAsync();
        await page.Keyboard.PressAsync("x");
        await Expect(bulk.SelectionCount).ToHaveTextAsync("3 tickets selected (2 on other pages)");
        await ScreenshotAsync(page, "list-bulk-bar-1440");

        // A change arrives for the other ticket on this page: it updates in place.
        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            var changed = seeded[25];
            changed.Status = TicketStatus.Pending;
            changed.UpdatedAt = DateTimeOffset.UtcNow;
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync([changed], ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, Ct);
        }

        await Expect(list.Row(seeded[25].TicketNumber).Locator(".c-status")).ToHaveTextAsync("Pending");
        await Expect(list.Row(seeded[26].TicketNumber).Locator(".c-num a")).ToBeFocusedAsync();
        await Expect(bulk.Select(seeded[26].TicketNumber)).ToBeCheckedAsync();
        await Expect(bulk.SelectionCount).ToHaveTextAsync("3 tickets selected (2 on other pages)");
        await Expect(bulk.NewPriority).ToHaveValueAsync("High");

        await bulk.Apply.ClickAsync();
        await Expect(bulk.Result).ToContainTextAsync("3 of 3 tickets changed.");
        foreach (var ticket in new[] { seeded[0], seeded[1], seeded[26] })
        {
            e2e.App.Simulator.Store.Find(ticket.ExternalTicketId)!.Priority.ShouldBe(SimPriority.High);
        }

        e2e.App.Simulator.Store.Find(seeded[25].ExternalTicketId)!.Priority.ShouldBe(SimPriority.Medium);
        (await page.EvaluateAsync<bool>("window.__notReloaded === true")).ShouldBeTrue();
    }

    [Fact]
    public async Task New_matching_tickets_are_announced_and_shown_on_request_not_pushed_under_the_pointer()
    {
        var now = DateTimeOffset.UtcNow;
        await e2e.App.ReplaceTicketsAsync([.. Enumerable.Range(1, 4).Select(i => Make($"IT-20000{i}", $"Keyboard {i}", TicketStatus.Open, TicketPriority.Low, now.AddHours(-i), null))]);
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        await page.GotoAsync("/Tickets");
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        await Expect(list.Rows).ToHaveCountAsync(4);
        await list.Row("IT-200002").Locator(".c-num a").HoverAsync();

        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>().UpsertManyAsync(
                [.. Enumerable.Range(1, 3).Select(i => Make($"IT-30000{i}", $"Mouse {i}", TicketStatus.Open, TicketPriority.Low, DateTimeOffset.UtcNow, null))],
                ChangeSource.Webhook,
                DateTimeOffset.UtcNow,
                touchUnchanged: false,
                Ct);
        }

        await Expect(list.NewTickets).ToContainTextAsync("3 new tickets —");
        await Expect(list.Announcer).ToContainTextAsync("3 new tickets");
        await Expect(list.Rows).ToHaveCountAsync(4);
        await ScreenshotAsync(page, "list-new-tickets-1440");
        await list.NewTickets.GetByRole(AriaRole.Button, new() { Name = "Show 3 new tickets" }).ClickAsync();
        await Expect(list.Rows).ToHaveCountAsync(7);
        await Expect(list.NewTickets).ToHaveCountAsync(0);
    }

    private Task<long> CountAsync(string condition) =>
        e2e.App.ScalarAsync<long>($"SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL AND {condition}");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots", "list");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = false });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ticketing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    private static string Token() => ListTickets.Token();

    private static Ticket Make(string number, string title, TicketStatus status, TicketPriority priority, DateTimeOffset updated, DateTimeOffset? due, string? assignee = null) =>
        ListTickets.Make(number, title, status, priority, updated, due, assignee);

    /// <summary>Tickets created at the remote and mirrored into the cache, as a sync would, with their cache ids.</summary>
    private Task<IReadOnlyList<Ticket>> SeedAsync(params string[] titles) => e2e.App.SeedAtRemoteAsync(titles);
}
