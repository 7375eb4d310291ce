using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
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
                     "Created and resolved per day", "Backlog: open tickets at each day's end", "Time to resolution",
                     "SLA compliance by month", "Aging of open tickets", "Workload per assignee", "Top requesters' departments",
                 })
        {
            await Expect(page.GetByRole(AriaRole.Figure, new() { NameRegex = new Regex(Regex.Escape(caption)) })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Backlog: open tickets at each day's end" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 30);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "analytics", "analytics-30-days");

        await page.GetByLabel("Period", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await page.GetByLabel("Period", new() { Exact = true }).SelectOptionAsync("7");
        await page.GetByLabel("Priority", new() { Exact = true }).SelectOptionAsync(["high", "critical"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("period=7.*priority=high.*priority=critical"));
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Created and resolved per day" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 7);
        await Expect(page.GetByLabel("Priority", new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync(["High", "Critical"]);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "analytics", "analytics-7-days-filtered");
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
