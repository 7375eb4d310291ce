using Microsoft.Playwright;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>An admin sets up a calendar and an SLA policy, and a ticket's page shows the policy's due time, which follows a change of the policy.</summary>
public sealed class SlaPolicyPagesTests(E2EFixture e2e)
{
    [Fact]
    public async Task An_admin_creates_a_calendar_and_a_policy_and_the_ticket_page_follows_the_policy()
    {
        var token = Guid.NewGuid().ToString("N")[..6];
        var created = DateTimeOffset.UtcNow.AddMinutes(-30);
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, created, dueDate: created.AddDays(3), title: "Core switch down");
        await e2e.App.ReplaceTicketsAsync(ticket);

        var admin = await e2e.SignedInPageAsync();
        await admin.GotoAsync("/Admin/Sla");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "SLA policies", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "New calendar" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "New business-hours calendar", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByLabel("Name").FillAsync($"Office {token}");
        await admin.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await admin.GetByLabel("Holidays", new() { Exact = true }).FillAsync("2026-12-24 Christmas Eve\n2026-12-25 Christmas Day");
        await Screenshots.TakeAsync(admin, "sla", "calendar-new");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create calendar" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = $"Office {token}" })).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "New policy" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync($"Critical {token}");
        await admin.GetByLabel("Order").FillAsync("0");
        await admin.GetByLabel("Default policy").UncheckAsync();
        await admin.GetByLabel("Critical", new() { Exact = true }).CheckAsync();
        await admin.GetByLabel("First response: hours").FillAsync("1");
        await admin.GetByLabel("Resolution: hours").FillAsync("8");
        await admin.GetByLabel("Calendar hours: every hour of every day").CheckAsync();
        await Screenshots.TakeAsync(admin, "sla", "policy-new");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create policy" }).ClickAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Critical {token}" });
        await Expect(row).ToContainTextAsync("8 h");
        await Expect(row).ToContainTextAsync("Critical");
        await Expect(row).Not.ToContainTextAsync("Default");
        await Screenshots.TakeAsync(admin, "sla", "policies");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await admin.GotoAsync($"/Tickets/Details/{ticket.Id}");
        var card = admin.GetByTestId("policy-sla");
        await WaitForCardAsync(admin, card, $"Critical {token}");
        await Expect(admin.GetByText("Due at Championship IT", new() { Exact = true })).ToBeVisibleAsync();
        var firstDue = await admin.GetByTestId("policy-resolution").InnerTextAsync();
        firstDue.ShouldContain("due in 7 h");
        await Screenshots.TakeAsync(admin, "sla", "ticket-policy-sla");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        // Doubling the resolution target moves the ticket's due time once the recompute has run.
        await admin.GotoAsync("/Admin/Sla");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Critical {token}" }).ClickAsync();
        await admin.GetByLabel("Resolution: hours").FillAsync("16");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Critical {token}" })).ToContainTextAsync("16 h");

        await Eventually.UntilAsync(
            async () =>
            {
                await admin.GotoAsync($"/Tickets/Details/{ticket.Id}");
                return await admin.GetByTestId("policy-resolution").InnerTextAsync() != firstDue;
            },
            "the ticket's policy due time follows the changed target");
        await Expect(admin.GetByTestId("policy-resolution")).ToContainTextAsync("due in 15 h");

        // The shared app's other tests see no policy of this one.
        await admin.GotoAsync("/Admin/Sla");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Critical {token}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Delete policy" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = $"Critical {token}" })).ToHaveCountAsync(0);
    }

    private static Task WaitForCardAsync(IPage page, ILocator card, string policyName) =>
        Eventually.UntilAsync(
            async () =>
            {
                if (await card.CountAsync() > 0 && (await card.InnerTextAsync()).Contains(policyName, StringComparison.Ordinal))
                {
                    return true;
                }

                await page.ReloadAsync();
                return false;
            },
            "the recompute gives the ticket its policy SLA");
}
