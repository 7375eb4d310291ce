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
