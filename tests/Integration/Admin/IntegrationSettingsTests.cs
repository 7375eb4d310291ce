using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Commands.TestConnection;
using Ticketing.Application.Remote;
using Ticketing.IntegrationTests.Hosting;

namespace Ticketing.IntegrationTests.Admin;

[StartsFirst]
public sealed class IntegrationSettingsTests : IAsyncLifetime
{
    private const string SyncJobId = "ticket-sync";

    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(new() { Purpose = "adminsettings" });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Changing_the_interval_reschedules_the_recurring_sync_at_once_and_is_audited()
    {
        CronOf(SyncJobId).ShouldBe("*/5 * * * *");
        using var admin = await _app.SignedInAsync();

        using var response = await admin.PostFormAsync("/Admin", Form(interval: "15"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CronOf(SyncJobId).ShouldBe("*/15 * * * *");
        (await _app.ScalarAsync<int>("SELECT sync_interval_minutes FROM ticketing_system_config")).ShouldBe(15);
        var details = await _app.ScalarAsync<string>("SELECT details::text FROM audit_log WHERE action = 'settings.update' ORDER BY id DESC LIMIT 1");
        using var json = JsonDocument.Parse(details!);
        var change = json.RootElement.GetProperty("sync_interval_minutes");
        change.GetProperty("old").GetInt32().ShouldBe(5);
        change.GetProperty("new").GetInt32().ShouldBe(15);
        (await admin.GetHtmlAsync("/Admin")).ShouldContain("Settings saved.");
    }

    [Fact]
    public void The_catch_up_of_comments_and_attachments_is_scheduled_while_the_integration_is_active()
    {
        CronOf("ticket-comment-backfill").ShouldBe("*/10 * * * *");
    }

    [Fact]
    public async Task Turning_the_scheduled_sync_off_removes_the_recurring_job()
    {
        using var admin = await _app.SignedInAsync();

        using var response = await admin.PostFormAsync("/Admin", Form(syncEnabled: false));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CronOf(SyncJobId).ShouldBeNull();
    }

    [Theory]
    [InlineData("0", "15", "http://127.0.0.1:9/", "The sync interval must be between 1 and 1440 minutes")]
    [InlineData("1441", "15", "http://127.0.0.1:9/", "The sync interval must be between 1 and 1440 minutes")]
    [InlineData("5", "4", "http://127.0.0.1:9/", "The request timeout must be between 5 and 120 seconds")]
    [InlineData("5", "30", "http://example.org/api", RemoteBaseUrl.MustBeHttpsMessage)]
    [InlineData("5", "30", "not a url", RemoteBaseUrl.MustBeAbsoluteMessage)]
    public async Task Invalid_settings_are_refused_field_by_field_without_echoing_the_new_key(string interval, string timeout, string url, string message)
    {
        using var admin = await _app.SignedInAsync();
        const string typedKey = "typed-but-refused-key-0123456789";

        using var response = await admin.PostFormAsync("/Admin", Form(interval: interval, timeout: timeout, url: url, newKey: typedKey));
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(html).ShouldContain(message);
        html.ShouldNotContain(typedKey);
        (await _app.ScalarAsync<int>("SELECT sync_interval_minutes FROM ticketing_system_config")).ShouldBe(5);
    }

    [Fact]
    public async Task Test_connection_reports_a_rejected_key_clearly_then_success_with_the_right_one()
    {
        using var admin = await _app.SignedInAsync();
        const string wrongKey = "wrong-key-for-the-simulator-4f2a";
        (await admin.PostFormAsync("/Admin", Form(newKey: wrongKey))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var failed = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Test");
        var failedHtml = WebUtility.HtmlDecode(await failed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        failedHtml.ShouldContain("Connection failed.");
        failedHtml.ShouldContain(TestConnectionHandler.RejectedKeyMessage);
        failedHtml.ShouldContain("Set, ends in <code>…4f2a</code>");
        failedHtml.ShouldNotContain(wrongKey);

        (await admin.PostFormAsync("/Admin", Form(newKey: _app.Simulator.ApiKey))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var passed = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Test");
        var passedHtml = await passed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        passedHtml.ShouldContain("Connected to Championship IT in");
        passedHtml.ShouldNotContain(_app.Simulator.ApiKey);
        var audit = (await _app.ScalarAsync<string>("SELECT string_agg(details::text, ' ') FROM audit_log WHERE action = 'settings.update'"))!;
        audit.ShouldContain("…4f2a");
        audit.ShouldNotContain(wrongKey);
        audit.ShouldNotContain(_app.Simulator.ApiKey);
    }

    [Fact]
    public async Task Test_connection_names_a_refused_connection()
    {
        using var admin = await _app.SignedInAsync();
        // Nothing listens on port 1 of this machine.
        (await admin.PostFormAsync("/Admin", Form(url: "http://127.0.0.1:1/api", timeout: "5"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var response = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Test");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        html.ShouldContain("Connection failed.");
        html.ShouldContain("Connection failed (refused, reset or unreachable)");
    }

    [Fact]
    public async Task An_unconfigured_installation_is_configured_from_the_page()
    {
        await using var fresh = await TestApp.StartAsync(new()
        {
            Purpose = "adminfirst",
            Settings = new Dictionary<string, string?> { ["Ticketing:Remote:BaseUrl"] = null, ["Ticketing:Remote:ApiKey"] = null },
        });
        using var admin = await fresh.SignedInAsync();
        WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin")).ShouldContain("The integration is not configured yet");

        using var saved = await admin.PostFormAsync("/Admin", new Dictionary<string, string>
        {
            ["Input.ApiBaseUrl"] = fresh.Simulator.BaseUrl.ToString(),
            ["Input.NewApiKey"] = fresh.Simulator.ApiKey,
            ["Input.IsActive"] = "true",
            ["Input.SyncEnabled"] = "true",
            ["Input.SyncIntervalMinutes"] = "30",
            ["Input.RequestTimeoutSeconds"] = "30",
        });

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fresh.ScalarAsync<long>("SELECT count(*) FROM ticketing_system_config")).ShouldBe(1);
        using (var connection = fresh.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            connection.GetRecurringJobs().Single(j => j.Id == SyncJobId).Cron.ShouldBe("*/30 * * * *");
        }

        using var test = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Test");
        (await test.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Connected to Championship IT in");
        (await fresh.ScalarAsync<string>("SELECT action FROM audit_log WHERE action LIKE 'settings.%'")).ShouldBe("settings.update");
    }

    private Dictionary<string, string> Form(
        string interval = "5",
        string timeout = "30",
        string? url = null,
        string? newKey = null,
        bool syncEnabled = true) => new()
    {
        ["Input.ApiBaseUrl"] = url ?? _app.Simulator.BaseUrl.ToString(),
        ["Input.NewApiKey"] = newKey ?? "",
        ["Input.IsActive"] = "true",
        ["Input.SyncEnabled"] = syncEnabled ? "true" : "false",
        ["Input.SyncIntervalMinutes"] = interval,
        ["Input.RequestTimeoutSeconds"] = timeout,
    };

    private string? CronOf(string jobId)
    {
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == jobId)?.Cron;
    }
}
