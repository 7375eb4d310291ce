using System.Net;
using Shouldly;

namespace Ticketing.IntegrationTests.Admin;

public sealed class SignInTests
{
    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_429_with_a_friendly_page_and_failures_are_audited_without_the_password()
    {
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "adminsignin",
            Settings = new Dictionary<string, string?> { ["Ticketing:Security:SignInPermitLimit"] = "3" },
        });
        using var browser = app.NewBrowser();
        const string wrongPassword = "Not-The-Password9";

        for (var i = 0; i < 3; i++)
        {
            using var refused = await browser.SignInAsync(TestUser.Admin.Email!, wrongPassword);
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var limited = await browser.SignInAsync(TestUser.Admin.Email!, TestUser.Admin.Password!);
        var page = await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        page.ShouldContain("Too many sign-in attempts");
        limited.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");

        var failures = await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'user.sign_in_failed'");
        failures.ShouldBe(3);
        var details = (await app.ScalarAsync<string>("SELECT string_agg(details::text || ' ' || actor, ' ') FROM audit_log"))!;
        details.ShouldContain("r***@admin-tests.example");
        details.ShouldContain("wrong_password");
        details.ShouldNotContain(wrongPassword);
        details.ShouldNotContain(TestUser.Admin.Email!);
    }

    [Fact]
    public async Task A_successful_sign_in_is_audited_as_the_user()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "adminsignin" });

        using var admin = await app.SignedInAsync();

        var actor = await app.ScalarAsync<string>("SELECT actor FROM audit_log WHERE action = 'user.sign_in'");
        actor.ShouldBe(TestUser.Admin.Email!);
        (await app.ScalarAsync<object>("SELECT last_sign_in_at FROM users WHERE email = $1", TestUser.Admin.Email!)).ShouldNotBeNull();
    }
}
