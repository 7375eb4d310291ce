using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Web.Pages.Account;

namespace Ticketing.IntegrationTests.Security;

public sealed partial class SessionSecurityTests
{
    [Fact]
    public async Task A_cookie_captured_before_sign_out_stops_working_and_sign_in_and_out_are_audited_with_the_client_address()
    {
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "signout",
            SeedUsers = true,
            Settings = new Dictionary<string, string?> { ["Ticketing:Security:SessionValidationSeconds"] = "0" },
        });
        using var staff = await app.SignedInAsync(TestUser.Staff);
        using var replay = staff.CookiesFor(app.BaseUrl);
        using (var before = await replay.GetAsync("/Tickets"))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var signOut = await staff.PostFormAsync("/Account/Logout", new Dictionary<string, string>(), tokenFrom: "/Tickets"))
        {
            signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var after = await replay.GetAsync("/Tickets");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/Account/Login");

        (await app.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = ANY(ARRAY['user.sign_in','user.sign_out']) AND user_id IS NOT NULL AND client_address IS NOT NULL"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Locked_out_and_unknown_accounts_get_the_same_answer_and_cost_the_same_hashing_time()
    {
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "enumeration",
            Settings = new Dictionary<string, string?> { ["Ticketing:Security:SignInPermitLimit"] = "1000" },
        });
        using var browser = app.NewBrowser();
        for (var i = 0; i < 5; i++)
        {
            await AttemptAsync(browser, TestUser.Staff.Email!, "not-the-password");
        }

        (await app.ScalarAsync<long>("SELECT count(*) FROM users WHERE email = $1 AND lockout_end > now()", TestUser.Staff.Email!)).ShouldBe(1);

        var locked = await AttemptAsync(browser, TestUser.Staff.Email!, TestUser.Staff.Password!);
        var unknown = await AttemptAsync(browser, "nobody-here@admin-tests.example", TestUser.Staff.Password!);
        locked.Message.ShouldBe(LoginModel.FailedMessage);
        unknown.Message.ShouldBe(locked.Message);

        // Medians of alternating tries; a generous bound, as the machine is shared. Without the dummy hash an
        // unknown e-mail or a locked account skips the key derivation that a wrong password pays.
        var unknownTimes = new List<double>();
        var lockedTimes = new List<double>();
        var wrongTimes = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            unknownTimes.Add((await AttemptAsync(browser, $"nobody-{i}@admin-tests.example", "whatever-Password1")).Milliseconds);
            lockedTimes.Add((await AttemptAsync(browser, TestUser.Staff.Email!, "whatever-Password1")).Milliseconds);
            wrongTimes.Add((await AttemptAsync(browser, TestUser.Admin.Email!, "not-the-Password1")).Milliseconds);
        }

        var wrong = Median(wrongTimes);
        (Median(unknownTimes) / wrong).ShouldBeInRange(1 / 3.0, 3.0, $"unknown {Median(unknownTimes)} ms, wrong password {wrong} ms");
        (Median(lockedTimes) / wrong).ShouldBeInRange(1 / 3.0, 3.0, $"locked {Median(lockedTimes)} ms, wrong password {wrong} ms");
    }

    [Fact]
    public async Task Metrics_answer_the_configured_bearer_token_and_refuse_an_anonymous_local_client()
    {
        const string token = "metrics-token-for-tests-0123456789";
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "metricstoken",
            Settings = new Dictionary<string, string?> { ["Ticketing:Security:MetricsBearerToken"] = token },
        });
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseUrl };

        using (var refused = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", token + "x") } };
        using (var refused = await anonymous.SendAsync(wrong, TestContext.Current.CancellationToken))
        {
            refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        }

        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", token) } };
        using var scraped = await anonymous.SendAsync(right, TestContext.Current.CancellationToken);
        scraped.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scraped.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("# TYPE");
    }

    private static async Task<(string Message, double Milliseconds)> AttemptAsync(TestBrowser browser, string email, string password)
    {
        var form = await browser.GetHtmlAsync("/Account/Login");
        var token = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value);
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token };
        var watch = Stopwatch.StartNew();
        using var response = await browser.PostWithoutTokenAsync("/Account/Login", fields);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        watch.Stop();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"sign-in as {email}");
        var summary = Summary().Match(html);
        summary.Success.ShouldBeTrue("the page shows why the sign-in failed");
        return (WebUtility.HtmlDecode(summary.Groups[1].Value).Trim(), watch.Elapsed.TotalMilliseconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("role=\"alert\">\\s*<div>([^<]*)</div>")]
    private static partial Regex Summary();
}
