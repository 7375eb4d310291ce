using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Account.Commands.ConfirmMfaEnrolment;
using Ticketing.Domain.Users;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using Ticketing.Infrastructure.Identity;
using Ticketing.Web.Pages.Account;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

public sealed class MfaAndIdleTests(E2EFixture e2e)
{
    private const string Area = "sec";

    [Fact]
    public async Task A_user_enrols_with_an_authenticator_app_and_then_signs_in_with_a_code()
    {
        var (email, password) = await NewStaffUserAsync();
        var page = await e2e.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(email, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

        var mfa = new MfaPage(page);
        await mfa.GotoAsync();
        await Expect(mfa.SetupHeading).ToBeVisibleAsync();
        await Expect(mfa.QrCode).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "mfa-enrol");
        var key = await mfa.Key.InnerTextAsync();

        await mfa.Code.FillAsync(Totp.WrongCode(key));
        await mfa.TurnOn.ClickAsync();
        await Expect(page.GetByText(ConfirmMfaEnrolmentCommand.WrongCodeMessage)).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "mfa-enrol-wrong-code");

        await mfa.Code.FillAsync(Totp.Code(key));
        await mfa.TurnOn.ClickAsync();
        await Expect(mfa.CodesHeading).ToBeVisibleAsync();
        await Expect(mfa.Codes).ToHaveCountAsync(10);
        var codes = await mfa.Codes.AllInnerTextsAsync();
        (await mfa.Download.GetAttributeAsync("href")).ShouldNotBeNull().ShouldStartWith("data:text/plain");
        (await mfa.Download.GetAttributeAsync("download")).ShouldBe("ticketing-recovery-codes.txt");
        Uri.UnescapeDataString((await mfa.Download.GetAttributeAsync("href"))!).ShouldContain(codes[0]);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "mfa-recovery-codes");

        await mfa.Continue.ClickAsync();
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(login.Heading).ToBeVisibleAsync();

        await login.SignInAsync(email, password);
        var second = new SecondStepPage(page);
        await Expect(second.Heading).ToBeVisibleAsync();
        await Expect(second.Code).ToBeFocusedAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "mfa-second-step");

        await second.EnterAsync(Totp.WrongCode(key));
        await Expect(page.GetByText(LoginWithMfaModel.FailedMessage)).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, Area, "mfa-second-step-wrong-code");

        // The enrolment used this step's code: each code works once, the next step's is accepted already.
        await second.EnterAsync(Totp.NextCode(key));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

        await mfa.GotoAsync();
        await Expect(mfa.OnHeading).ToBeVisibleAsync();
        await Expect(page.GetByText("You have 10 unused recovery codes.")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "mfa-on");
    }

    [Fact]
    public async Task The_idle_warning_takes_the_focus_stay_signed_in_extends_the_session_and_the_end_signs_out_with_a_message()
    {
        // A session of a minute, warned 30 seconds before its end: time enough for Axe and screenshots on a busy machine.
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "idle",
            Environment = "E2E",
            Simulator = null,
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Security:IdleTimeoutMinutes"] = "1",
                ["Ticketing:Security:IdleWarningSeconds"] = "30",
            },
        });
        await using var context = await e2e.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), TimezoneId = "Europe/Lisbon", Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(TestUser.Admin.Email!, TestUser.Admin.Password!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

        var idle = new IdleWarning(page);
        var waitForIt = new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 };
        await Expect(idle.Dialog).ToBeVisibleAsync(waitForIt);
        await Expect(idle.Stay).ToBeFocusedAsync();
        await Expect(idle.Dialog).ToContainTextAsync("you will be signed out");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "idle-warning");
        await idle.Stay.ClickAsync();
        await Expect(idle.Dialog).ToBeHiddenAsync();

        // The second warning comes after the first session's end: "Stay signed in" works only if the
        // first one really renewed the session on the server.
        await Expect(idle.Dialog).ToBeVisibleAsync(waitForIt);
        await idle.Stay.ClickAsync();
        await Expect(idle.Dialog).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        // Nobody answers the third: the sign-in page says why, and the session is over on the server.
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?reason=idle"), new() { Timeout = 120_000 });
        await Expect(page.GetByText("You were signed out because you were away for a while.")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "idle-signed-out");
        await page.GotoAsync("/Tickets");
        await Expect(login.Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_admin_pages_show_the_two_step_setting_and_a_users_two_step_state()
    {
        var page = await e2e.SignedInPageAsync(TestUser.Admin);
        await page.GotoAsync("/Admin/Users");
        await Expect(page.GetByLabel("Require two-step sign-in for administrators")).Not.ToBeCheckedAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "admin-users-mfa-setting");

        await page.GetByRole(AriaRole.Link, new() { Name = TestUser.Staff.Email! }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Off: this user signs in with a password only.")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "admin-user-mfa-state");
    }

    /// <summary>A staff account of this test's own, so enabling two-step sign-in leaves the shared users alone.</summary>
    private async Task<(string Email, string Password)> NewStaffUserAsync()
    {
        var email = $"mfa-{Guid.NewGuid():N}@e2e.example";
        const string password = "Mfa-Tests-Password1";
        await e2e.App.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Morgan Two-Step", CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
            (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, Roles.Staff)).Succeeded.ShouldBeTrue();
        });
        return (email, password);
    }
}
