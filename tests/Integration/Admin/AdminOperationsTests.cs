using System.Net;
using System.Text.Json;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.IntegrationTests.Webhooks;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>One app (with a job server) shared by tests that only read, or only add what they look for.</summary>
public sealed class AdminOperationsFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartAsync(new() { Purpose = "adminops", JobServer = true });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class AdminOperationsTests(AdminOperationsFixture shared) : IClassFixture<AdminOperationsFixture>
{
    public static readonly TheoryData<string> AdminPages =
    [
        "/Admin", "/Admin/SyncLogs", "/Admin/Audit", "/Admin/Users", "/Admin/Users/Create", "/Admin/Monitoring", "/hangfire",
    ];

    private TestApp App => shared.App;

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Staff_user_is_refused_every_admin_page(string path)
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);

        using var response = await staff.GetAsync(path);

        (await FinalStatusAsync(staff, response)).ShouldBe(HttpStatusCode.Forbidden, path);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admin_opens_every_admin_page(string path)
    {
        using var admin = await App.SignedInAsync();

        using var response = await admin.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Test")]
    [InlineData("Rotate")]
    public async Task Staff_user_is_refused_the_admin_forms_too(string? handler)
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);

        // A valid token from a page the staff user may open: the admin endpoint itself still refuses.
        using var response = await staff.PostFormAsync(
            "/Admin", new Dictionary<string, string> { ["Input.SyncIntervalMinutes"] = "7" }, handler, tokenFrom: "/");

        (await FinalStatusAsync(staff, response)).ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync<int>("SELECT sync_interval_minutes FROM ticketing_system_config")).ShouldNotBe(7);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_any_admin_page()
    {
        using var admin = await App.SignedInAsync();
        var userId = await App.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", TestUser.Staff.Email!);
        string[] pages = ["/Admin", "/Admin/SyncLogs", "/Admin/Audit", "/Admin/Users", $"/Admin/Users/Edit/{userId}", "/Admin/Monitoring", "/"];

        foreach (var page in pages)
        {
            var html = await admin.GetHtmlAsync(page);
            html.ShouldNotContain(App.Simulator.ApiKey, Case.Sensitive, page);
        }

        var settings = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin"));
        settings.ShouldContain("Set, ends in <code>…" + App.Simulator.ApiKey[^4..] + "</code>");
    }

    [Fact]
    public async Task Liveness_answers_without_checks_or_configuration()
    {
        using var anonymous = App.NewBrowser();

        using var response = await anonymous.GetAsync("/health/live");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        ShouldRevealNoConfiguration(body);
    }

    [Fact]
    public async Task Readiness_reports_database_and_job_server_and_never_fails_on_the_remote()
    {
        using var anonymous = App.NewBrowser();
        // The job server announces itself as it starts; the check needs its first heartbeat.
        string body = "";
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await anonymous.GetAsync("/health/ready");
                body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                return response.StatusCode == HttpStatusCode.OK;
            },
            "the readiness check passes");

        var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        checks["database"].ShouldBe("Healthy");
        checks["jobs"].ShouldBe("Healthy");
        checks["championship_it"].ShouldBeOneOf("Healthy", "Degraded");
        ShouldRevealNoConfiguration(body);
    }

    [Fact]
    public async Task Security_headers_are_on_pages_static_files_errors_and_endpoints()
    {
        using var anonymous = App.NewBrowser();
        foreach (var path in new[] { "/Account/Login", "/css/site.css", "/health/live", "/no-such-page", "/" })
        {
            using var response = await anonymous.GetAsync(path);

            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("script-src 'self'", Case.Sensitive, path);
            csp.ShouldContain("frame-ancestors 'none'", Case.Sensitive, path);
            csp.ShouldNotContain("unsafe-inline", Case.Sensitive, path);
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", path);
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin", path);
        }
    }

    [Fact]
    public async Task A_form_post_over_one_mebibyte_is_refused()
    {
        using var client = new HttpClient { BaseAddress = App.BaseUrl };
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = new string('a', 2 * 1024 * 1024) });

        using var response = await client.PostAsync("/Account/Login", content, TestContext.Current.CancellationToken);

        // The form reader's value limit (400) or the server's body limit (413), whichever strikes first.
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Pages_have_no_inline_scripts_and_every_post_form_carries_an_antiforgery_token()
    {
        using var admin = await App.SignedInAsync();
        foreach (var path in new[] { "/", "/Admin", "/Admin/SyncLogs", "/Admin/Audit", "/Admin/Users", "/Admin/Users/Create", "/Admin/Monitoring", "/Account/ChangePassword" })
        {
            var html = await admin.GetHtmlAsync(path);

            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attributes>[^>]*)>"))
            {
                script.Groups["attributes"].Value.ShouldContain("src=", Case.Sensitive, $"an inline script on {path}");
            }

            html.ShouldNotMatch(@"\son[a-z]+\s*=\s*""", $"an inline event handler on {path}");
            foreach (var form in FormsOf(html).Where(f => f.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase)))
            {
                form.ShouldContain("__RequestVerificationToken", Case.Sensitive, $"a form on {path}");
            }
        }
    }

    [Fact]
    public async Task Metrics_are_exported_for_prometheus_to_an_admin_after_a_sync_and_a_webhook()
    {
        var outcome = await App.SyncAsync(full: false, SyncType.Manual);
        outcome.Result.ShouldNotBeNull();

        using var admin = await App.SignedInAsync(TestUser.Admin);
        using var client = new HttpClient { BaseAddress = App.BaseUrl };
        using var refused = await client.SendAsync(
            WebhookRequests.Signed("{}", secret: "whsec_" + Convert.ToBase64String(new byte[32])), TestContext.Current.CancellationToken);

        string text = "";
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await admin.GetAsync("/metrics");
                text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                return response.StatusCode == HttpStatusCode.OK && text.Contains("ticketing_webhook_messages_total", StringComparison.Ordinal);
            },
            "the scrape shows the webhook counter");

        text.ShouldContain("ticketing_sync_runs_total{");
        text.ShouldContain("ticketing_sync_duration_seconds_bucket{");
        text.ShouldContain("ticketing_sync_records_total{");
        text.ShouldContain("ticketing_remote_request_duration_seconds_bucket{");
        text.ShouldContain("endpoint=\"GET tickets\"");
        text.ShouldContain("ticketing_tickets{");
        text.ShouldContain("outcome=\"rejected\"");
        text.ShouldNotContain(App.Simulator.ApiKey);
    }

    /// <summary>The status a browser ends on: the cookie scheme answers "forbidden" with a redirect to the access-denied page (403).</summary>
    private static async Task<HttpStatusCode> FinalStatusAsync(TestBrowser browser, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            return response.StatusCode;
        }

        var location = response.Headers.Location!;
        location.AbsolutePath.ShouldBe("/Account/AccessDenied");
        using var denied = await browser.GetAsync(location.PathAndQuery);
        return denied.StatusCode;
    }

    private static IEnumerable<string> FormsOf(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<form[^>]*>.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Value);

    private void ShouldRevealNoConfiguration(string body)
    {
        body.ShouldNotContain("Host=", Case.Insensitive);
        body.ShouldNotContain("Password", Case.Insensitive);
        body.ShouldNotContain("127.0.0.1");
        body.ShouldNotContain("http");
        body.ShouldNotContain(App.Database.Name);
        body.ShouldNotContain(App.Simulator.ApiKey);
    }
}
