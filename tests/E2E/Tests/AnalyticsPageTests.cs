using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The analytics page in Chromium, as a user works it: with the keyboard alone, in the browser's own
/// time zone, each figure with its table and CSV, a drill-down into the list, and no serious or
/// critical accessibility violation.
/// </summary>
public sealed class AnalyticsPageTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_user_changes_the_period_and_filters_by_keyboard_and_sees_every_figure_with_its_table()
    {
        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        await page.GotoAsync("/Analytics");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics", Exact = true })).ToBeVisibleAsync();
        // The browser's zone (the fixture's Chromium runs in Europe/Lisbon) sets the days.
        await Expect(page.GetByTestId("analytics-zone")).ToContainTextAsync("Europe/Lisbon");
        foreach (var caption in new[]
                 {
                     "Created and resolved per day", "Backlog: open tickets at each day's end", "Time to resolution", "Reopen rate of tickets resolved in the period", "First-response time",
                     "SLA compliance by month", "Aging of open tickets", "Workload per assignee", "Top requesters' departments",
                 })
        {
            await Expect(page.GetByRole(AriaRole.Figure, new() { NameRegex = new Regex(Regex.Escape(caption)) })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Backlog: open tickets at each day's end" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 30);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reopen rate", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("key-reopen")).ToHaveTextAsync(new Regex("^(—|[0-9]+\\.[0-9] %)$"));
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "analytics", "analytics-30-days");

        await page.GetByLabel("Period", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await page.GetByLabel("Period", new() { Exact = true }).SelectOptionAsync("7");
        // The priority filter is a button opening a list of checkboxes: Enter opens it, Space ticks, no modifier keys.
        var priority = page.Locator("details[data-filter='priority']");
        await priority.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        foreach (var name in new[] { "High", "Critical" })
        {
            await priority.GetByLabel(name, new() { Exact = true }).FocusAsync();
            await page.Keyboard.PressAsync("Space");
        }

        await Screenshots.TakeAsync(page, "analytics", "analytics-priority-menu-open");
        await priority.GetByRole(AriaRole.Button, new() { Name = "Apply" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("period=7.*priority=critical.*priority=high"));
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Created and resolved per day" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 7);
        await Expect(priority.Locator("summary")).ToHaveTextAsync(new Regex("Priority \\(2\\)"));
        await Expect(priority.Locator("input:checked")).ToHaveCountAsync(2);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "analytics", "analytics-7-days-filtered");
    }

    [Fact]
    public async Task On_a_phone_the_charts_fit_the_width_the_tables_scroll_in_their_own_box_and_a_point_opens_its_days_tickets()
    {
        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        foreach (var (width, height, name) in new[] { (1440, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/Analytics?period=90");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics", Exact = true })).ToBeVisibleAsync();
            (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue(name);
            var charts = await page.Locator("svg.analytics-chart").EvaluateAllAsync<double[]>("all => all.map(s => s.getBoundingClientRect().right)");
            charts.ShouldNotBeEmpty();
            charts.ShouldAllBe(right => right <= width);
            var table = page.GetByRole(AriaRole.Region, new() { Name = "Table: Backlog: open tickets at each day's end" });
            await Expect(table).ToHaveAttributeAsync("tabindex", "0");
            (await table.EvaluateAsync<bool>("box => box.scrollHeight > box.clientHeight")).ShouldBeTrue(name);
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        }

        await Screenshots.TakeAsync(page, "analytics", "analytics-90-days");

        // A point of the backlog line opens the list of the tickets open at that day's end: the list counts the figure.
        var point = page.Locator("figure[data-figure='backlog'] svg a").Last;
        var href = await point.GetAttributeAsync("href");
        href.ShouldNotBeNull().ShouldContain("open_at=");
        var figure = await page.Locator("figure[data-figure='backlog'] a[data-drill]").Last.GetAttributeAsync("data-count");
        await page.GotoAsync(href);
        await Expect(page.Locator("[data-list-total]")).ToContainTextAsync(new Regex($"^{figure} ticket"));
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "analytics", "analytics-drill-backlog-phone");
    }

    [Fact]
    public async Task A_workload_cell_opens_the_list_of_exactly_those_tickets()
    {
        // An assignee of this test's own, so tests beside it change none of its figures.
        var assignee = $"agt_analytics_{Guid.NewGuid():N}"[..24];
        var now = DateTimeOffset.UtcNow;
        var tickets = new[]
        {
            TicketFactory.Create(TicketStatus.Open, createdAt: now.AddDays(-2)),
            TicketFactory.Create(TicketStatus.InProgress, createdAt: now.AddDays(-10), dueDate: now.AddDays(-1)),
            TicketFactory.Create(TicketStatus.OnHold, createdAt: now.AddDays(-40)),
            TicketFactory.Create(TicketStatus.Resolved, createdAt: now.AddDays(-5), resolvedAt: now.AddDays(-1)),
        };
        foreach (var ticket in tickets)
        {
            ticket.AssigneeId = assignee;
            ticket.AssigneeName = "Robin Analytics";
        }

        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync(tickets, ChangeSource.Webhook, now, touchUnchanged: false, TestContext.Current.CancellationToken);
        }

        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        await page.GotoAsync($"/Analytics?period=90&assignee={assignee}");
        var workload = page.GetByRole(AriaRole.Table, new() { Name = "Workload per assignee" });
        await Expect(workload.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        var open = workload.Locator("a[data-drill]").First;
        await Expect(open).ToHaveTextAsync("3");
        await Expect(workload.Locator("a[data-drill]").Nth(1)).ToHaveTextAsync("1");
        await Screenshots.TakeAsync(page, "analytics", "analytics-one-assignee");

        await open.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Tickets\\?"));
        await Expect(page.Locator("[data-list-total]")).ToContainTextAsync(new Regex("^3 tickets"));
    }
}
