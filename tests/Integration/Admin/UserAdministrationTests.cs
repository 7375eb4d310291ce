using System.Net;
using Shouldly;
using Ticketing.Application.Admin;
using Ticketing.Application.Admin.Commands.UpdateUser;

namespace Ticketing.IntegrationTests.Admin;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(new() { Purpose = "adminusers" });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_created_user_must_choose_their_own_password_at_the_first_sign_in()
    {
        const string email = "new.person@admin-tests.example";
        const string temporary = "Temporary-Pass1";
        const string chosen = "Chosen-Password2";
        using var admin = await _app.SignedInAsync();

        using var created = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "New Person",
            ["Input.Role"] = "Staff",
            ["Input.TemporaryPassword"] = temporary,
            ["Input.RemoteAssigneeId"] = "agt_77",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _app.ScalarAsync<bool>("SELECT must_change_password FROM users WHERE email = $1", email)).ShouldBeTrue();

        using var user = _app.NewBrowser();
        using var signedIn = await user.SignInAsync(email, temporary);
        signedIn.Headers.Location!.OriginalString.ShouldStartWith("/Account/ChangePassword");
        using var elsewhere = await user.GetAsync("/Tickets");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        elsewhere.Headers.Location!.OriginalString.ShouldBe("/Account/ChangePassword");

        using var mismatch = await user.PostFormAsync("/Account/ChangePassword", Passwords(temporary, chosen, "Something-Else3"));
        WebUtility.HtmlDecode(await mismatch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("The two new passwords do not match.");

        using var changed = await user.PostFormAsync("/Account/ChangePassword", Passwords(temporary, chosen, chosen));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var home = await user.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.ScalarAsync<bool>("SELECT must_change_password FROM users WHERE email = $1", email)).ShouldBeFalse();

        var actions = await _app.ScalarAsync<string>("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE target_id = (SELECT id FROM users WHERE email = $1)", email);
        actions.ShouldBe("user.create,user.sign_in,user.password_change");
        var everything = (await _app.ScalarAsync<string>("SELECT string_agg(details::text, ' ') FROM audit_log"))!;
        everything.ShouldNotContain(temporary);
        everything.ShouldNotContain(chosen);
    }

    [Fact]
    public async Task The_only_admin_cannot_demote_or_lock_themselves()
    {
        using var admin = await _app.SignedInAsync();
        var adminId = await IdOfAsync(TestUser.Admin.Email!);

        var demoted = await PostUserAsync(admin, adminId, role: "Staff");
        var locked = await PostUserAsync(admin, adminId, locked: true);

        demoted.ShouldContain(LastAdminRule.DemoteMessage);
        locked.ShouldContain(UpdateUserValidator.SelfLockMessage);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = 'Admin'")).ShouldBe(1);
    }

    [Fact]
    public async Task An_admin_promotes_locks_unlocks_and_sets_the_remote_id_of_a_user_and_each_change_is_audited()
    {
        using var admin = await _app.SignedInAsync();
        var staffId = await IdOfAsync(TestUser.Staff.Email!);

        (await PostUserAsync(admin, staffId, locked: true, expectRedirect: true)).ShouldBeEmpty();
        using (var refused = _app.NewBrowser())
        {
            var page = await (await refused.SignInAsync(TestUser.Staff.Email!, TestUser.Staff.Password!)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            // A locked account is refused with the words any failed sign-in gets, so nobody learns it exists.
            page.ShouldContain("Invalid email or password.");
            using var tickets = await refused.GetAsync("/Tickets");
            tickets.Headers.Location!.ToString().ShouldContain("/Account/Login");
        }

        (await PostUserAsync(admin, staffId, role: "Admin", remoteId: "agt_99", expectRedirect: true)).ShouldBeEmpty();
        using (var promoted = await _app.SignedInAsync(TestUser.Staff))
        {
            (await promoted.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await _app.ScalarAsync<string>("SELECT remote_assignee_id FROM users WHERE id = $1", staffId)).ShouldBe("agt_99");
        var actions = await _app.ScalarAsync<string>("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE target_id = $1 AND action NOT LIKE 'user.sign_in%'", staffId);
        actions.ShouldBe("user.lock,user.role_change,user.unlock,user.remote_assignee_change");
    }

    private async Task<string> IdOfAsync(string email) =>
        (await _app.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", email))!;

    /// <summary>Posts the edit form; returns the page's text when it was shown again (a refusal), empty after a redirect.</summary>
    private static async Task<string> PostUserAsync(
        TestBrowser admin,
        string id,
        string? role = null,
        bool locked = false,
        string? remoteId = null,
        bool expectRedirect = false)
    {
        var path = $"/Admin/Users/Edit/{id}";
        var current = WebUtility.HtmlDecode(await admin.GetHtmlAsync(path));
        string Field(string field) => System.Text.RegularExpressions.Regex.Match(current, $"name=\"Input.{field}\" value=\"([^\"]*)\"").Groups[1].Value;
        var isAdmin = System.Text.RegularExpressions.Regex.IsMatch(current, "<option[^>]*selected[^>]*value=\"Admin\"|<option[^>]*value=\"Admin\"[^>]*selected");
        using var response = await admin.PostFormAsync(path, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = Field("DisplayName"),
            ["Input.Role"] = role ?? (isAdmin ? "Admin" : "Staff"),
            ["Input.Locked"] = locked ? "true" : "false",
            ["Input.RemoteAssigneeId"] = remoteId ?? Field("RemoteAssigneeId"),
        });
        if (expectRedirect)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            return "";
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static Dictionary<string, string> Passwords(string current, string next, string confirm) => new()
    {
        ["Input.CurrentPassword"] = current,
        ["Input.NewPassword"] = next,
        ["Input.ConfirmPassword"] = confirm,
    };
}
