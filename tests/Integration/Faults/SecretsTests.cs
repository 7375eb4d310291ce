using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.IntegrationTests.Admin;
using Ticketing.IntegrationTests.Webhooks;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// Fault: an operator or attacker reads what the app shows and keeps: every page (as Admin and as
/// Staff), the Hangfire dashboard, the jobs' stored arguments and state, and every log line from Debug
/// up, after a scheduled sync run by the job server, webhooks good and forged, and sign-ins good and
/// bad. What they find: no API key, no webhook secret, no password. (Settings changes, secret
/// rotation and user creation are covered by <see cref="LogScrubbingTests"/>; the admin pages'
/// masked API key by <see cref="AdminOperationsTests"/>.)
/// </summary>
public sealed class SecretsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_secret_appears_in_any_page_hangfire_job_or_log_line()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "secrets", JobServer = true, CaptureLogs = true });
        string[] secrets =
        [
            app.Simulator.ApiKey, TestApp.WebhookSecret, TestApp.WebhookSecret["whsec_".Length..], TestUser.Admin.Password!, TestUser.Staff.Password!, "Wrong-Secret-Password1",
        ];

        // The scheduled sync, run by the job server as the recurring job does.
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger("ticket-sync");
        try
        {
            await Eventually.UntilAsync(
                async () => await app.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'scheduled' AND status = 'success'") == 1,
                "the scheduled sync job has run",
                TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            var jobs = await app.ScalarAsync<string>("SELECT string_agg(concat_ws(' ', statename, invocationdata::text), E'\n') FROM hangfire.job");
            var logs = await app.ScalarAsync<string>("SELECT string_agg(concat_ws(' ', sync_type, status, error_message), E'\n') FROM ticket_sync_log");
            // Say what the job server did instead, and why.
            throw new InvalidOperationException(
                $"The scheduled sync job did not complete. Jobs: {jobs}\nSync runs: {logs}\n"
                + string.Join('\n', app.Logs!.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("Hangfire", StringComparison.Ordinal)).Take(40)));
        }

        // Webhooks, valid and forged; sign-ins, bad and good.
        foreach (var secret in new[] { TestApp.WebhookSecret, WebhookRequests.OtherSecret })
        {
            using var request = WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow), secret: secret);
            using var response = await app.SendWebhookAsync(request);
        }

        using (var stranger = app.NewBrowser())
        using (await stranger.SignInAsync(TestUser.Admin.Email!, "Wrong-Secret-Password1"))
        {
        }

        using var admin = await app.SignedInAsync(TestUser.Admin);
        using var staff = await app.SignedInAsync(TestUser.Staff);

        // Every page a user can open, by its matrix row, plus the dashboard's job pages.
        var ids = await IdsAsync(app);
        var paths = AuthorizationMatrixTests.Matrix
            .Where(row => row.Key.StartsWith("GET ", StringComparison.Ordinal) && !row.Value.Path.Contains("{view}", StringComparison.Ordinal) && !row.Value.Path.Contains("{notification}", StringComparison.Ordinal))
            .Select(row => ids.Aggregate(row.Value.Path, (p, id) => p.Replace(id.Key, id.Value, StringComparison.Ordinal)))
            .Concat(["/hangfire/jobs/succeeded", "/hangfire/recurring", "/hangfire/servers", "/Admin/SyncLogs/Details/" + ids["{synclog}"]])
            .ToList();
        var pagesRead = 0;
        foreach (var (browser, path) in paths.SelectMany(p => new[] { (admin, p), (staff, p) }))
        {
            using var response = await browser.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync(Ct);
            pagesRead += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            foreach (var secret in secrets)
            {
                body.ShouldNotContain(secret, Case.Sensitive, $"GET {path}");
            }
        }

        pagesRead.ShouldBeGreaterThan(40);

        // Hangfire keeps each job's type, method, arguments, parameters and state data.
        var hangfire = await app.ScalarAsync<string>("""
            SELECT concat_ws(E'\n',
                (SELECT string_agg(concat_ws(' ', invocationdata::text, arguments::text), E'\n') FROM hangfire.job),
                (SELECT string_agg(value::text, E'\n') FROM hangfire.jobparameter),
                (SELECT string_agg(data::text, E'\n') FROM hangfire.state),
                (SELECT string_agg(concat_ws(' ', key, field, value::text), E'\n') FROM hangfire.hash))
            """);
        hangfire.ShouldNotBeNull().ShouldContain("RunScheduledSync");
        foreach (var secret in secrets)
        {
            hangfire.ShouldNotContain(secret, Case.Sensitive, "Hangfire's stored jobs");
        }

        var lines = app.Logs!.Lines;
        lines.Count.ShouldBeGreaterThan(100, "Debug logging is on");
        foreach (var secret in secrets)
        {
            var found = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            found.ShouldBeNull($"a secret in the log line: {found}");
        }
    }

    private static async Task<Dictionary<string, string>> IdsAsync(TestApp app)
    {
        await using var db = app.Database.CreateDbContext();
        return new Dictionary<string, string>
        {
            ["{ticket}"] = (await db.Tickets.Select(t => t.Id).FirstAsync(Ct)).ToString(),
            ["{project}"] = (await db.Projects.Select(p => p.Id).FirstAsync(Ct)).ToString(),
            ["{assignment}"] = (await db.Assignments.Select(a => a.Id).FirstAsync(Ct)).ToString(),
            ["{synclog}"] = (await db.SyncLogs.Select(l => l.Id).FirstAsync(Ct)).ToString(),
            ["{user}"] = await db.Users.Where(u => u.Email == TestUser.Staff.Email).Select(u => u.Id).SingleAsync(Ct),
        };
    }
}
