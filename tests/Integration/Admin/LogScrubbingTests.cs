using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.IntegrationTests.Webhooks;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>
/// With every log line captured from Debug up, a sync, webhooks, sign-ins and settings changes through
/// the real app leave no API key, webhook secret, password or full email address in the logs.
/// </summary>
public sealed partial class LogScrubbingTests
{
    [Fact]
    public async Task No_secret_password_or_email_address_reaches_the_logs()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "adminlogs", CaptureLogs = true });
        const string newUserEmail = "log.scrub.person@admin-tests.example";
        const string temporaryPassword = "Temporary-Logs1";
        const string replacedKeyPrefix = "replaced-key-";

        // Sign-ins: a failed one and a good one.
        using (var stranger = app.NewBrowser())
        {
            await stranger.SignInAsync(TestUser.Admin.Email!, "Wrong-Password-Logs1");
        }

        using var admin = await app.SignedInAsync();

        // Settings: a new API key (the simulator's own, so the sync below still works) and a new interval.
        using (var saved = await admin.PostFormAsync("/Admin", new Dictionary<string, string>
        {
            ["Input.ApiBaseUrl"] = app.Simulator.BaseUrl.ToString(),
            ["Input.NewApiKey"] = app.Simulator.ApiKey,
            ["Input.IsActive"] = "true",
            ["Input.SyncEnabled"] = "true",
            ["Input.SyncIntervalMinutes"] = "9",
            ["Input.RequestTimeoutSeconds"] = "20",
        }))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        // A rejected key typed into a refused form.
        var refusedKey = replacedKeyPrefix + Guid.NewGuid().ToString("N");
        using (await admin.PostFormAsync("/Admin", new Dictionary<string, string> { ["Input.ApiBaseUrl"] = "ftp://nowhere", ["Input.NewApiKey"] = refusedKey }))
        {
        }

        // The webhook secret, rotated; webhooks signed with the new and the old one.
        string newSecret;
        using (var rotated = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Rotate"))
        {
            newSecret = NewSecret().Match(WebUtility.HtmlDecode(await rotated.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))).Value;
            newSecret.ShouldNotBeEmpty();
        }

        using (var client = new HttpClient { BaseAddress = app.BaseUrl })
        {
            foreach (var secret in new[] { newSecret, TestApp.WebhookSecret, "whsec_" + Convert.ToBase64String(new byte[32]) })
            {
                using var request = WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow), secret: secret);
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            }
        }

        // A user created with a temporary password, and a test of the connection.
        using (await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = newUserEmail,
            ["Input.DisplayName"] = "Log Scrub",
            ["Input.Role"] = "Staff",
            ["Input.TemporaryPassword"] = temporaryPassword,
        }))
        {
        }

        using (await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Test"))
        {
        }

        // A sync through the mediator pipeline, as the job runs it.
        var outcome = await app.SyncAsync(full: true, SyncType.Manual);
        outcome.Result!.Run.Status.ShouldBe(SyncStatus.Success);

        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE processed_at IS NULL") == 0,
            "the webhooks are applied");

        var lines = app.Logs!.Lines;
        lines.Count.ShouldBeGreaterThan(100, "Debug logging is on");
        var text = string.Join('\n', lines);
        string[] secrets =
        [
            app.Simulator.ApiKey, refusedKey, newSecret, TestApp.WebhookSecret, newSecret["whsec_".Length..], TestApp.WebhookSecret["whsec_".Length..],
            TestUser.Admin.Password!, TestUser.Staff.Password!, temporaryPassword, "Wrong-Password-Logs1",
        ];
        foreach (var secret in secrets)
        {
            var found = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            found.ShouldBeNull($"a secret in: {found}");
        }

        var email = EmailAddress().Match(text);
        email.Success.ShouldBeFalse($"a full email address in: {lines.FirstOrDefault(l => EmailAddress().IsMatch(l))}");
    }

    [GeneratedRegex("whsec_[A-Za-z0-9+/]{43}=")]
    private static partial Regex NewSecret();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
