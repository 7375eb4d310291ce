using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Sla.Commands.DeleteSlaPolicy;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The Overview's SLA compliance table (by policy and month) and its drill-down: a breached figure opens the
/// list of exactly those tickets, and the list says by which figure it filters.
/// </summary>
public sealed class SlaComplianceOverviewTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_breached_figure_of_the_compliance_table_opens_exactly_its_tickets()
    {
        var token = Guid.NewGuid().ToString("N")[..6];
        var category = $"Report {token}";
        var now = DateTimeOffset.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 5, 0, TimeSpan.Zero);
        Ticket Resolved(double hours)
        {
            var ticket = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.High, month, resolvedAt: month.AddHours(hours), title: $"Printer queue {hours} h");
            ticket.Category = category;
            return ticket;
        }

        // Resolution target 2 h: two late, one in time; no reply, so every first response (1 h) came late.
        await e2e.App.ReplaceTicketsAsync(Resolved(5), Resolved(7), Resolved(1.5), TicketFactory.Create(TicketStatus.Open, TicketPriority.High, month));
        var policyName = $"Printers {token}";
        var policyId = await e2e.App.SendAsync(
            new SaveSlaPolicyCommand
            {
                Name = policyName,
                Priorities = [TicketPriority.Low, TicketPriority.Medium, TicketPriority.High, TicketPriority.Urgent, TicketPriority.Critical],
                Category = category,
                FirstResponseHours = 1,
                ResolutionHours = 2,
            },
            TestUser.Admin);
        try
        {
            var page = await e2e.SignedInPageAsync();
            var row = page.GetByTestId("overview-sla-compliance-table").GetByRole(AriaRole.Row).Filter(new() { HasText = policyName });
            await Eventually.UntilAsync(
                async () =>
                {
                    await page.GotoAsync("/");
                    return await row.CountAsync() == 1;
                },
                "the recompute puts the policy's month in the compliance table",
                // The recompute is the shared app's background loop; beside the integration tests on two cores
                // it took longer than the default 20 s once.
                TimeSpan.FromMinutes(2));

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SLA compliance by policy" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sla-summary")).ToContainTextAsync("by SLA policy");
            var resolution = row.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("breached the resolution target") });
            await Expect(resolution).ToHaveTextAsync("2");
            await Expect(row.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("breached the first response target") })).ToHaveTextAsync("3");
            await Expect(row).ToContainTextAsync("33.3 %");
            // The met count opens its list too (the one ticket resolved in time).
            var met = row.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("met the resolution target") });
            await Expect(met).ToHaveTextAsync("1");
            (await met.GetAttributeAsync("href")).ShouldNotBeNull().ShouldContain("sla_outcome=resolution.met");
            await Screenshots.TakeAsync(page, "slalist", "overview-compliance");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            // Keyboard: the link is reachable and opens the list.
            await resolution.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var list = new TicketListPage(page);
            await Expect(list.Heading).ToBeVisibleAsync();
            await Expect(list.ResultCount).ToHaveAttributeAsync("data-total", "2");
            await Expect(list.Rows).ToHaveCountAsync(2);
            await Expect(list.ActiveFilters).ToContainTextAsync("Resolution breached");
            (await list.NumbersAsync()).Count.ShouldBe(2);
            await Screenshots.TakeAsync(page, "slalist", "list-breach-drilldown");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        }
        finally
        {
            await e2e.App.SendAsync(new DeleteSlaPolicyCommand(policyId), TestUser.Admin);
        }
    }
}
