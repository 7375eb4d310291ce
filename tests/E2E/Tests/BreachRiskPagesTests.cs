using Microsoft.Playwright;
using Ticketing.Application.Sla.Commands.ComputeBreachRisk;
using Ticketing.Application.Sla.Commands.RunBreachBacktest;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>A ticket of a kind that usually runs late, near its due time, is flagged "Likely to breach" on the list and its page, with the reason; the admin page shows the backtest.</summary>
public sealed class BreachRiskPagesTests(E2EFixture e2e)
{
    private static Ticket Make(string category, DateTimeOffset created, double? tookHours, string? title = null)
    {
        var ticket = TicketFactory.Create(
            tookHours is null ? TicketStatus.Open : TicketStatus.Resolved,
            TicketPriority.High,
            created,
            resolvedAt: tookHours is { } took ? created.AddHours(took) : null,
            dueDate: created.AddHours(30),
            title: title);
        ticket.Category = category;
        ticket.Department = "Legal";
        return ticket;
    }

    [Fact]
    public async Task The_likely_to_breach_badge_shows_on_the_list_and_the_ticket_page_with_its_reason()
    {
        var now = DateTimeOffset.UtcNow;
        var token = Guid.NewGuid().ToString("N")[..6];
        var tickets = new List<Ticket>();
        for (var i = 0; i < 40; i++)
        {
            var created = now.AddDays(-40).AddHours(i * 22);
            tickets.Add(Make("Hardware", created, i % 5 == 0 ? 25 + (i % 4) : 40 + (i % 16)));
            tickets.Add(Make("Access", created.AddHours(3), 1 + (i % 3)));
        }

        var slow = Make("Hardware", now.AddHours(-24), null, title: $"Laptop dock dead {token}");
        var fast = Make("Access", now.AddHours(-1), null, title: $"Password reset {token}");
        tickets.AddRange([slow, fast]);
        await e2e.App.ReplaceTicketsAsync([.. tickets]);
        await e2e.App.SendAsync(new ComputeBreachRiskCommand());

        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync($"/Tickets?q={token}");
        var slowRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Laptop dock dead {token}" });
        await Expect(slowRow.GetByTestId("likely-to-breach")).ToContainTextAsync("Likely to breach");
        await Expect(slowRow.GetByTestId("likely-to-breach")).ToContainTextAsync("6 h left");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Password reset {token}" }).GetByTestId("likely-to-breach")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "predict", "list-likely-to-breach");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        // The preset shows just the flagged tickets; the filter is a removable chip like any other.
        var preset = page.GetByRole(AriaRole.Navigation, new() { Name = "Presets and views" }).GetByRole(AriaRole.Link, new() { Name = "Likely to breach" });
        await Expect(preset).ToHaveAttributeAsync("title", "Not resolved and predicted to breach its SLA policy, from how long similar tickets took");
        await page.GotoAsync($"/Tickets?sla=likely&q={token}");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Laptop dock dead {token}" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Password reset {token}" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("active-filters").GetByRole(AriaRole.Link, new() { Name = "Remove filter SLA: Likely to breach" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "listspeed", "list-likely-filter");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await page.GotoAsync($"/Tickets/Details/{slow.Id}");
        var card = page.GetByTestId("breach-risk");
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Likely to breach" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("breach-risk-reason")).ToContainTextAsync("took over 30 h in 80");
        await Expect(page.GetByTestId("breach-risk-reason")).ToContainTextAsync("6 h left");
        await Screenshots.TakeAsync(page, "predict", "ticket-likely-to-breach");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await page.GotoAsync($"/Tickets/Details/{fast.Id}");
        await Expect(page.GetByTestId("breach-risk")).ToHaveCountAsync(0);

        await e2e.App.SendAsync(new RunBreachBacktestCommand(Days: 30));
        await page.GotoAsync("/Admin/Sla");
        await Expect(page.GetByTestId("sla-backtest")).ToContainTextAsync("Fixed window");
        await Expect(page.GetByTestId("sla-backtest")).ToContainTextAsync("Prediction");
        await Screenshots.TakeAsync(page, "predict", "admin-backtest");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
    }
}
