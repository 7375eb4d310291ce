using Microsoft.Playwright;
using Ticketing.Application.Sla.Commands.DeleteSlaPolicy;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The Overview's "SLA compliance" card reads the SLA policies' figures and says so; without any policy outcome it is
/// "—" with the reason, and Championship IT's due-date figure shows only under its own name (decision 145).
/// </summary>
public sealed class SlaKpiOverviewTests(E2EFixture e2e)
{
    [Fact]
    public async Task The_sla_card_shows_the_policy_figure_with_its_basis_and_a_dash_without_one()
    {
        var now = DateTimeOffset.UtcNow;
        Ticket Resolved(double createdHoursAgo, double resolvedHoursAgo, double dueHoursAfterCreation)
        {
            var created = now.AddHours(-createdHoursAgo);
            return TicketFactory.Create(
                TicketStatus.Resolved, TicketPriority.High, created, resolvedAt: now.AddHours(-resolvedHoursAgo), dueDate: created.AddHours(dueHoursAfterCreation));
        }

        // By Championship IT's due dates (24 h) all three were met; by a 2 h policy only the first one.
        await e2e.App.ReplaceTicketsAsync(Resolved(3, 2, 24), Resolved(10, 2, 24), Resolved(20, 1, 24), TicketFactory.Create(TicketStatus.Open, TicketPriority.High, now.AddHours(-1)));
        var page = await e2e.SignedInPageAsync();
        var overview = new OverviewPage(page);
        await overview.GotoAsync();

        var card = overview.Card("SLA Compliance by SLA policy");
        await Expect(overview.Value("SLA Compliance")).ToHaveTextAsync("—");
        await Expect(card.GetByTestId("kpi-sla-note")).ToHaveTextAsync("no resolved ticket has an SLA policy outcome yet");
        await Expect(card.GetByTestId("kpi-sla-remote")).ToHaveTextAsync("100.0% met Championship IT’s due date");
        await Screenshots.TakeAsync(page, "kpisla", "overview-sla-no-policy");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        var policy = await e2e.App.SendAsync(
            new SaveSlaPolicyCommand
            {
                Name = $"Two hours {Guid.NewGuid():N}"[..16],
                IsDefault = true,
                FirstResponseHours = 1,
                ResolutionHours = 2,
            },
            TestUser.Admin);
        try
        {
            // The recompute is the app's background loop; each page load reads the figures afresh.
            await Eventually.UntilAsync(
                async () =>
                {
                    await overview.GotoAsync();
                    return await overview.Value("SLA Compliance").TextContentAsync() == "33.3%";
                },
                "the recompute gives the resolved tickets their policy outcome",
                TimeSpan.FromMinutes(2));

            await Expect(card).ToBeVisibleAsync();
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "SLA Compliance by SLA policy" })).ToBeVisibleAsync();
            await Expect(card.GetByTestId("kpi-sla-note")).ToHaveTextAsync("of 3 resolved tickets with a policy");
            await Expect(card.GetByTestId("kpi-sla-remote")).ToHaveTextAsync("100.0% met Championship IT’s due date");
            await Screenshots.TakeAsync(page, "kpisla", "overview-sla-by-policy");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            // The list's figures strip says the same, with its basis.
            await page.GotoAsync("/Tickets");
            var strip = page.GetByRole(AriaRole.Region, new() { Name = "Key figures" });
            await Expect(strip.GetByRole(AriaRole.Link, new() { Name = "33.3% SLA compliance by policy" })).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "kpisla", "list-strip-sla-by-policy");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        }
        finally
        {
            await e2e.App.SendAsync(new DeleteSlaPolicyCommand(policy), TestUser.Admin);
        }
    }
}
