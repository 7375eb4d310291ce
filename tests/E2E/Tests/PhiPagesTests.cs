using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Phi;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The PHI pages in Chromium: an admin adds a rule on Administration → Health information, a staff user
/// without PHI access sees the ticket masked in the list and restricted on its page, and breaks the glass
/// by keyboard; when the grant ends, saving the open page's edit form is refused with the reason. The shared app's rules and flags are removed afterwards, so other tests see no PHI.
/// </summary>
public sealed class PhiPagesTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_rule_masks_a_ticket_for_staff_who_open_it_by_breaking_the_glass_with_a_reason()
    {
        try
        {
            var admin = await e2e.SignedInPageAsync();
            await admin.GotoAsync("/Admin/Phi");
            await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Protected health information", Level = 1 })).ToBeVisibleAsync();
            await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Diagnoses");
            await admin.GetByLabel("Matches when").SelectOptionAsync(new SelectOptionValue { Label = "Title or description matches" });
            await admin.GetByLabel("Value or pattern").FillAsync("diagnos(is|ed)");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Rule “Diagnoses” added." })).ToBeVisibleAsync();
            await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Rules" })).ToContainTextAsync("diagnos(is|ed)");
            await Screenshots.TakeAsync(admin, "phi", "admin-health-information");
            await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            var phi = TicketFactory.Create(title: "Ward 7 laptop will not boot");
            phi.Description = "Diagnosis notes for bed 4 are on it.";
            var plain = TicketFactory.Create(title: "Printer jammed on floor 3");
            await e2e.App.ReplaceTicketsAsync(phi, plain);

            var page = await e2e.SignedInPageAsync(TestUser.Staff);
            await page.GotoAsync("/Tickets");
            await Expect(page.GetByText("Printer jammed on floor 3").First).ToBeVisibleAsync();
            await Expect(page.GetByText("Restricted: protected health information").First).ToBeVisibleAsync();
            (await page.ContentAsync()).ShouldNotContain("Ward 7");
            await Screenshots.TakeAsync(page, "phi", "list-masked");

            await page.GotoAsync($"/Tickets/Details/{phi.Id}");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/Tickets/Restricted/{phi.Id}$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Break the glass" })).ToBeVisibleAsync();
            (await page.ContentAsync()).ShouldNotContain("Ward 7");
            await Screenshots.TakeAsync(page, "phi", "restricted-ticket");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            await page.GetByLabel("Why do you need this ticket?").FocusAsync();
            await page.Keyboard.TypeAsync("Requester in the ward asked for help now");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            // The ticket page waits up to 3 s for the remote's attachment list: more than Expect's default under load.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/Tickets/Details/{phi.Id}$"), new() { Timeout = 30_000 });
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Ward 7 laptop will not boot");
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Break-glass access" })).ToBeVisibleAsync();
            (await e2e.App.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.break_glass'")).ShouldBeGreaterThanOrEqualTo(1);

            // The grant ends while the page is open: saving the edit form is refused with the reason, never a failure.
            await e2e.App.ExecuteAsync("UPDATE phi_break_glass SET expires_at = now() - interval '1 second'");
            var details = new TicketDetailsPage(page);
            await details.OpenEditAsync();
            await details.Priority.SelectOptionAsync(new SelectOptionValue { Label = "Critical" });
            await details.Save.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText(PhiWriteRefusal.Message)).ToBeVisibleAsync();
            (await page.ContentAsync()).ShouldNotContain("Ward 7");
            await Screenshots.TakeAsync(page, "phi", "change-refused");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
            (await e2e.App.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.change_refused' AND $1 = ANY(ticket_ids)", phi.TicketNumber)).ShouldBe(1);
        }
        finally
        {
            await e2e.App.ExecuteAsync("DELETE FROM phi_break_glass; DELETE FROM ticket_phi; DELETE FROM phi_rules; UPDATE phi_reclassification SET done_generation = requested_generation, finished_at = now() WHERE id = 1");
        }
    }
}
