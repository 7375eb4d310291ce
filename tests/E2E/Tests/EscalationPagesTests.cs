using Microsoft.Playwright;
using Ticketing.Application.Sla.Commands.EvaluateEscalations;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>An admin adds an escalation rule to a policy with the keyboard-usable form, and sees the rule fire for a breached ticket.</summary>
public sealed class EscalationPagesTests(E2EFixture e2e)
{
    [Fact]
    public async Task An_admin_adds_an_escalation_rule_to_a_policy_and_sees_its_firing_listed()
    {
        var token = Guid.NewGuid().ToString("N")[..6];
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-10), title: "Mail relay queue stuck");
        ticket.Tags = [$"esc{token}"];
        await e2e.App.ReplaceTicketsAsync(ticket);

        var admin = await e2e.SignedInPageAsync();
        await admin.GotoAsync("/Admin/Sla/Policy");
        await admin.GetByLabel("Name").FillAsync($"Escalating {token}");
        await admin.GetByLabel("Order").FillAsync("0");
        await admin.GetByLabel("Default policy").UncheckAsync();
        await admin.GetByLabel("Tag").FillAsync($"esc{token}");
        await admin.GetByLabel("First response: hours").FillAsync("1");
        await admin.GetByLabel("Resolution: hours").FillAsync("8");
        await admin.GetByLabel("Calendar hours: every hour of every day").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create policy" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Escalating {token}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Escalation rules" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = $"Escalation rules of “Escalating {token}”", Level = 1 })).ToBeVisibleAsync();

        // A choice the rule needs but was not made is refused with a clear message.
        await admin.GetByLabel("Notify everyone with a role").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(admin.GetByText("Choose a role.").First).ToBeVisibleAsync();

        // With the keyboard: the role list, then the button.
        await admin.GetByLabel("When the target is breached").CheckAsync();
        await admin.GetByLabel("Role", new() { Exact = true }).FocusAsync();
        await admin.Keyboard.PressAsync("ArrowDown");
        await Expect(admin.GetByLabel("Role", new() { Exact = true })).ToHaveValueAsync("Admin");
        await Screenshots.TakeAsync(admin, "escalation", "rule-form");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        await Expect(admin.GetByTestId("escalation-rule")).ToContainTextAsync("At the resolution breach: notify every Admin");

        // The job's command, as the recurring job sends it, once the background recompute has the ticket's SLA.
        await Eventually.UntilAsync(
            async () =>
            {
                await e2e.App.SendAsync(new EvaluateEscalationsCommand());
                await admin.ReloadAsync();
                return await admin.GetByTestId("escalation-firing").CountAsync() > 0;
            },
            "the rule fires for the breached ticket");
        var firing = admin.GetByTestId("escalation-firing");
        await Expect(firing).ToContainTextAsync(ticket.TicketNumber);
        await Expect(firing).ToContainTextAsync("notified");
        await Screenshots.TakeAsync(admin, "escalation", "rules-and-firings");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await admin.GotoAsync($"/Tickets/Details/{ticket.Id}");
        await Expect(admin.GetByTestId("escalation-entry")).ToContainTextAsync("At the resolution breach: notify every Admin");
        await Screenshots.TakeAsync(admin, "escalation", "ticket-history");

        // The shared app's other tests see no policy of this one.
        await admin.GotoAsync("/Admin/Sla");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Escalating {token}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Delete policy" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = $"Escalating {token}" })).ToHaveCountAsync(0);
    }
}
