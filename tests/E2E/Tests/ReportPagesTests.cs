using Microsoft.Playwright;
using Shouldly;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// Scheduled reports in Chromium: from Analytics, "Schedule by e-mail" opens the form with the view's
/// period and filters; a staff user subscribes by keyboard and sees the schedule and the next e-mail in
/// their own time; the ticket page offers the PDF. The subscriptions are removed afterwards.
/// </summary>
public sealed class ReportPagesTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_staff_user_subscribes_from_analytics_by_keyboard_and_sees_the_schedule()
    {
        try
        {
            var page = await e2e.SignedInPageAsync(TestUser.Staff);
            await page.GotoAsync("/Analytics?period=30&priority=high");
            await page.GetByRole(AriaRole.Link, new() { Name = "Schedule by e-mail" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scheduled reports", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Period covered")).ToHaveValueAsync("30");
            var priorities = page.GetByRole(AriaRole.Group, new() { Name = "Priorities" });
            await Expect(priorities.GetByRole(AriaRole.Checkbox, new() { Name = "High", Exact = true })).ToBeCheckedAsync();
            await Expect(priorities.GetByRole(AriaRole.Checkbox, new() { Name = "Low", Exact = true })).Not.ToBeCheckedAsync();
            await Screenshots.TakeAsync(page, "reports", "subscribe-form");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            await page.GetByRole(AriaRole.Radio, new() { Name = "Monthly" }).CheckAsync();
            await page.GetByLabel("Day of the month (monthly)").SelectOptionAsync("15");
            await page.GetByLabel("Hour").FocusAsync();
            await page.GetByLabel("Hour").SelectOptionAsync("7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Subscribed" })).ToBeVisibleAsync();
            var table = page.GetByRole(AriaRole.Table, new() { Name = "Scheduled reports" });
            await Expect(table).ToContainTextAsync("Monthly, on day 15 at 07:00");
            await Expect(table).ToContainTextAsync("The last 30 days; priority High; A4");
            await Screenshots.TakeAsync(page, "reports", "subscribed");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Stop the report: Monthly, on day 15 at 07:00" }).ClickAsync();
            await Expect(page.GetByTestId("no-subscriptions")).ToBeVisibleAsync();
        }
        finally
        {
            await e2e.App.ExecuteAsync("DELETE FROM report_subscriptions");
        }
    }

    [Fact]
    public async Task The_ticket_page_offers_the_pdf_on_both_papers()
    {
        var ticket = TicketFactory.Create(title: "Scanner on floor 2 jams");
        await e2e.App.ReplaceTicketsAsync(ticket);
        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        await page.GotoAsync($"/Tickets/Details/{ticket.Id}");
        var download = page.GetByRole(AriaRole.Group, new() { Name = "Download as PDF" });
        // The default paper follows the browser's region (en-US: Letter); the other is one step away.
        var primary = download.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Download PDF \((A4|Letter)\)$") });
        await Expect(primary).ToBeVisibleAsync();
        await Expect(download.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Download PDF on (A4|Letter) paper$") })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "reports", "ticket-download-pdf");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        var waiting = page.WaitForDownloadAsync();
        await primary.ClickAsync();
        var file = await waiting;
        file.SuggestedFilename.ShouldBe($"{ticket.TicketNumber}.pdf");
    }
}
