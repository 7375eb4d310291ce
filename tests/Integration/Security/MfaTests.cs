using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Admin.Phi.Commands.SetPhiAccess;
using Ticketing.Application.Phi;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Pages.Account;

namespace Ticketing.IntegrationTests.Security;

public sealed partial class MfaTests
{
    [Fact]
    public async Task Enrolment_then_sign_in_asks_for_a_code_refuses_a_wrong_one_and_takes_a_recovery_code_once()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "mfa", Simulator = null });
        using var staff = await app.SignedInAsync(TestUser.Staff);

        var (key, recoveryCodes) = await EnrolAsync(staff);
        recoveryCodes.Count.ShouldBe(MfaCodes.RecoveryCodeCount);
        (await app.ScalarAsync<bool>("SELECT two_factor_enabled FROM users WHERE email = $1", TestUser.Staff.Email!)).ShouldBeTrue();

        // The password alone now leads to the second step, and no session.
        using var browser = app.NewBrowser();
        var secondStep = await PasswordStepAsync(browser);
        using (var tickets = await browser.GetAsync("/Tickets"))
        {
            tickets.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            tickets.Headers.Location!.ToString().ShouldContain("/Account/Login");
        }

        using (var wrong = await SecondStepAsync(browser, secondStep, Totp.WrongCode(key)))
        {
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain(LoginWithMfaModel.FailedMessage);
        }

        using (var right = await SecondStepAsync(browser, secondStep, Totp.NextCode(key)))
        {
            right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await browser.GetHtmlAsync("/Tickets")).ShouldContain("IT Support Tickets");

        // A recovery code signs in once.
        using var lostPhone = app.NewBrowser();
        using (var first = await SecondStepAsync(lostPhone, await PasswordStepAsync(lostPhone), recoveryCodes[0]))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var again = app.NewBrowser();
        using (var second = await SecondStepAsync(again, await PasswordStepAsync(again), recoveryCodes[0]))
        {
            second.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = $1", MfaCodes.EnableAction)).ShouldBe(1);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = $1", MfaCodes.FailedAction)).ShouldBe(2);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'user.sign_in' AND details->>'second_step' = 'authenticator'")).ShouldBe(1);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'user.sign_in' AND details->>'second_step' = 'recovery_code'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_code_accepted_once_is_refused_again_within_its_window_while_the_next_steps_code_works()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "mfa-replay", Simulator = null });
        using var staff = await app.SignedInAsync(TestUser.Staff);
        var (key, _) = await EnrolAsync(staff);
        var staffId = (await app.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", TestUser.Staff.Email!))!;

        // The enrolment's code cannot confirm anything again (the MFA-gated path of the Application layer).
        var verify = (string code) => app.InScopeAsync(services => services.GetRequiredService<IMfaAccounts>().VerifyAuthenticatorCodeAsync(staffId, code, CancellationToken.None));
        var enrolmentStep = long.Parse(
            (await app.ScalarAsync<string>("SELECT value FROM user_tokens WHERE user_id = $1 AND name = 'AuthenticatorLastStep'", staffId)).ShouldNotBeNull("enrolment remembers the step of the code it accepted"),
            System.Globalization.CultureInfo.InvariantCulture);
        (enrolmentStep * 30).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        (await verify(Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(enrolmentStep * 30)))).ShouldBeFalse("the enrolment's own code is used up");

        // Sign-in: a code is accepted once; the same code again, from another browser, gets the usual words.
        var code = Totp.NextCode(key);
        using (var first = app.NewBrowser())
        using (var accepted = await SecondStepAsync(first, await PasswordStepAsync(first), code))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await first.GetAsync("/Tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var replay = app.NewBrowser();
        var replayStep = await PasswordStepAsync(replay);
        using (var refused = await SecondStepAsync(replay, replayStep, code))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain(LoginWithMfaModel.FailedMessage);
        }

        (await replay.GetAsync("/Tickets")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the replayed code opened no session");
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = $1 AND details->>'reason' = 'wrong_code'", MfaCodes.FailedAction)).ShouldBe(1);

        // A code of a later step works.
        using (var later = await SecondStepAsync(replay, replayStep, Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(60))))
        {
            later.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await replay.GetHtmlAsync("/Tickets")).ShouldContain("IT Support Tickets");
    }

    [Fact]
    public async Task Admins_who_must_use_it_are_sent_to_enrol_and_an_admin_reset_turns_a_users_off_with_an_audit_entry()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "mfa-admin", Simulator = null });
        using var admin = await app.SignedInAsync(TestUser.Admin);
        using var staff = await app.SignedInAsync(TestUser.Staff);

        using (var saved = await admin.PostFormAsync("/Admin/Users", new Dictionary<string, string> { ["Input.RequireMfaForAdmins"] = "true" }, handler: "Security"))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using (var page = await admin.GetAsync("/Tickets"))
        {
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            page.Headers.Location!.ToString().ShouldBe("/Account/Mfa");
        }

        (await admin.GetHtmlAsync("/Account/Mfa")).ShouldContain(WebUtility.HtmlEncode(AdminMfaRequirement.Reason));
        (await staff.GetAsync("/Tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await EnrolAsync(admin);
        (await admin.GetAsync("/Tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The staff user enrols; an admin resets it (a lost phone).
        var staffId = (await app.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", TestUser.Staff.Email!))!;
        await app.InScopeAsync(async services =>
        {
            var accounts = services.GetRequiredService<IMfaAccounts>();
            await accounts.GetOrCreateAuthenticatorKeyAsync(staffId, CancellationToken.None);
            await accounts.EnableAsync(staffId, 2, CancellationToken.None);
        });
        (await admin.GetHtmlAsync($"/Admin/Users/Edit/{staffId}")).ShouldContain("Reset two-step sign-in");
        using (var reset = await admin.PostFormAsync($"/Admin/Users/Edit/{staffId}", new Dictionary<string, string>(), handler: "ResetMfa"))
        {
            reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await app.ScalarAsync<bool>("SELECT two_factor_enabled FROM users WHERE id = $1", staffId)).ShouldBeFalse();
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2", MfaCodes.ResetAction, staffId)).ShouldBe(1);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'settings.security_update' AND details->>'new' = 'true'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_holder_of_PHI_access_is_sent_to_enrol_before_any_page_and_works_after_enrolling()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "mfa-phi", Simulator = null });
        var staffId = (await app.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", TestUser.Staff.Email!))!;
        using (var before = await app.SignedInAsync(TestUser.Staff))
        {
            (await before.GetAsync("/Tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await app.SendAsync(new SetPhiAccessCommand(staffId, HasAccess: true), TestUser.Admin);
        using var staff = await app.SignedInAsync(TestUser.Staff);

        using (var page = await staff.GetAsync("/Tickets"))
        {
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            page.Headers.Location!.ToString().ShouldBe("/Account/Mfa");
        }

        (await staff.GetHtmlAsync("/Account/Mfa")).ShouldContain(WebUtility.HtmlEncode(PhiMfaRequirement.Reason));
        await EnrolAsync(staff);
        (await staff.GetAsync("/Tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Reads the key off the enrolment page and proves it with a code: the key, and the recovery codes the answer shows.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(TestBrowser browser)
    {
        var page = await browser.GetHtmlAsync("/Account/Mfa");
        page.ShouldContain("data:image/png;base64,");
        var key = KeyOnPage().Match(page).Groups[1].Value;
        key.ShouldNotBeNullOrWhiteSpace();

        using var confirmed = await browser.PostFormAsync("/Account/Mfa", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) }, handler: "Confirm");
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await confirmed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html.ShouldContain("Your recovery codes");
        return (key, [.. RecoveryCode().Matches(html).Select(m => m.Groups[1].Value)]);
    }

    /// <summary>The password step: a redirect to the second step, whose address is returned.</summary>
    private static async Task<string> PasswordStepAsync(TestBrowser browser)
    {
        using var response = await browser.SignInAsync(TestUser.Staff.Email!, TestUser.Staff.Password!);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith(LoginWithMfaModel.PagePath);
        return location;
    }

    private static Task<HttpResponseMessage> SecondStepAsync(TestBrowser browser, string address, string code) =>
        browser.PostFormAsync(address, new Dictionary<string, string> { ["Code"] = code });

    [GeneratedRegex("data-testid=\"mfa-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyOnPage();

    [GeneratedRegex("<li class=\"col\">([A-Z0-9-]+)</li>")]
    private static partial Regex RecoveryCode();
}
