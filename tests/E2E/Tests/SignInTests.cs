using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

public sealed class SignInTests(E2EFixture e2e)
{
    [Fact]
    public async Task Anonymous_visit_is_sent_to_the_login_page()
    {
        var page = await e2e.NewPageAsync();

        await page.GotoAsync("/");

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=%2F$"));
        await Expect(new LoginPage(page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_stays_signed_out()
    {
        var page = await e2e.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync(TestUser.Admin.Email!, "not-the-password");

        await Expect(login.Error).ToContainTextAsync("Invalid email or password.");
        await Expect(login.Password).ToHaveValueAsync("");
        await page.GotoAsync("/");
        await Expect(login.Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_signs_in_and_sees_the_four_kpi_cards_with_the_cached_tickets_figures()
    {
        await e2e.App.ReplaceTicketsAsync(
            TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical),
            TicketFactory.Create(TicketStatus.Open, TicketPriority.Low),
            TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Urgent),
            TicketFactory.Create(TicketStatus.Resolved, TicketPriority.High, T0, resolvedAt: T0.AddHours(6), dueDate: T0.AddHours(8)),
            TicketFactory.Create(TicketStatus.Closed, TicketPriority.Low, T0, resolvedAt: T0.AddHours(12), dueDate: T0.AddHours(8)),
            TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, deletedAt: T0));
        var page = await e2e.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync(TestUser.Admin.Email!, TestUser.Admin.Password!);

        var overview = new OverviewPage(page);
        await Expect(overview.Heading).ToBeVisibleAsync();
        await Expect(overview.CurrentUser).ToHaveTextAsync("Administrator");
        await Expect(overview.Value("Unresolved Tickets")).ToHaveTextAsync("3");
        await Expect(overview.Card("Unresolved Tickets")).ToContainTextAsync("1 in progress");
        await Expect(overview.Value("Avg Resolution")).ToHaveTextAsync("9.0 h");
        // No SLA policy covers these tickets: the card has no figure, and Championship IT's due dates say 50 % under their name.
        await Expect(overview.Value("SLA Compliance")).ToHaveTextAsync("—");
        await Expect(overview.Card("SLA Compliance")).ToContainTextAsync("50.0% met Championship IT’s due date");
        await Expect(overview.Value("Critical Tickets")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task Staff_user_gets_access_denied_on_an_admin_page()
    {
        var page = await e2e.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(TestUser.Staff.Email!, TestUser.Staff.Password!);
        await Expect(new OverviewPage(page).Heading).ToBeVisibleAsync();

        var response = await page.GotoAsync("/Admin");

        response.ShouldNotBeNull();
        response.Status.ShouldBe(403);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Integration" })).ToHaveCountAsync(0);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
}
