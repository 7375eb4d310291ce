using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Ticketing.Application.Admin.Queries.VerifyAuditChain;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Infrastructure;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>One app whose audit chain stays intact: the tests only add entries.</summary>
public sealed class AuditLogFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public TestBrowser Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartAsync(new() { Purpose = "auditlog" });
        Admin = await App.SignedInAsync(TestUser.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class AuditLogTests(AuditLogFixture fixture) : IClassFixture<AuditLogFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Entries_are_numbered_and_chained_the_chain_checks_out_and_the_database_refuses_edits()
    {
        await WriteAsync("test.chain", "thing", "1");
        await WriteAsync("test.chain", "thing", "2");

        var report = await App.SendAsync(new VerifyAuditChainQuery(), TestUser.Admin);
        report.Intact.ShouldBeTrue(report.FirstBreak?.Problem);
        report.EntriesChecked.ShouldBeGreaterThanOrEqualTo(3);
        report.FirstSequence.ShouldBe(1);
        report.HeadHash.ShouldNotBeNull().Length.ShouldBe(64);
        var gaps = await App.ScalarAsync<long>("SELECT count(*) FROM audit_log a WHERE a.seq > 1 AND NOT EXISTS (SELECT 1 FROM audit_log b WHERE b.seq = a.seq - 1)");
        gaps.ShouldBe(0);

        var update = await Should.ThrowAsync<PostgresException>(() => App.ExecuteAsync("UPDATE audit_log SET action = 'edited' WHERE action = 'test.chain'"));
        update.MessageText.ShouldContain("append-only");
        await Should.ThrowAsync<PostgresException>(() => App.ExecuteAsync("DELETE FROM audit_log WHERE action = 'test.chain'"));
        await Should.ThrowAsync<PostgresException>(() => App.ExecuteAsync("TRUNCATE audit_log"));
        (await App.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'test.chain'")).ShouldBe(2);

        using var verified = await fixture.Admin.PostFormAsync("/Admin/Audit", new Dictionary<string, string>(), handler: "Verify");
        verified.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await verified.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html.ShouldContain("The chain is intact.");
    }

    [Fact]
    public async Task The_export_of_a_period_is_a_utf8_csv_with_a_byte_order_mark_whose_formula_cells_are_escaped_and_is_itself_audited()
    {
        await WriteAsync("test.export", "thing", "=HYPERLINK(\"http://evil.example\",\"click\")");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await fixture.Admin.GetAsync($"/Admin/Audit?handler=Export&Action=test.export&From={today}&To={today}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("sequence,occurred_at_utc,actor,");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain("test.export");
        lines[1].ShouldContain("'=HYPERLINK");
        lines[1].ShouldNotContain(",=HYPERLINK");
        lines[1].ShouldNotContain(",\"=HYPERLINK");
        (await App.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'audit.export' AND details->>'action' = 'test.export'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_ticket_filter_lists_the_accesses_that_touched_a_ticket()
    {
        await App.InScopeAsync(
            services => services.GetRequiredService<IAuditLog>().WriteTicketAccessAsync(new TicketAccess("ticket.view", ["IT-990001", "IT-990002"]), TestContext.Current.CancellationToken),
            TestUser.Admin);

        var hit = await fixture.Admin.GetHtmlAsync("/Admin/Audit?Ticket=IT-990002");
        hit.ShouldContain("ticket.view");
        hit.ShouldContain("IT-990001");
        var miss = await fixture.Admin.GetHtmlAsync("/Admin/Audit?Ticket=IT-990003");
        miss.ShouldContain("No entries match these filters.");
    }

    [Theory]
    [InlineData("/Admin/Audit?to=9999-12-31")]
    [InlineData("/Admin/Audit?To=9999-12-31&From=0001-01-01")]
    [InlineData("/Admin/Audit?p=2147483647")]
    [InlineData("/Admin/Audit?p=-2147483648&to=0001-01-01")]
    [InlineData("/Admin/Audit?handler=Export&to=9999-12-31&from=0001-01-01")]
    [InlineData("/Admin/SyncLogs?to=9999-12-31")]
    [InlineData("/Admin/SyncLogs?p=100000000")]
    [InlineData("/Admin/SyncLogs?p=2147483647&from=9999-12-31&to=0001-01-01")]
    public async Task Hostile_query_values_are_clamped_and_never_answer_a_server_error(string path)
    {
        using var response = await fixture.Admin.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task WriteAsync(string action, string targetType, string targetId) =>
        App.InScopeAsync(
            services => services.GetRequiredService<IAuditLog>().WriteAsync(action, targetType, targetId, new { note = "a test entry" }, TestContext.Current.CancellationToken),
            TestUser.Admin);
}

public sealed class AuditTamperingTests
{
    [Fact]
    public async Task An_entry_edited_behind_the_trigger_breaks_the_chain_at_that_entry_and_audit_verify_exits_4()
    {
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 1) with { Purpose = "audittamper" });
        foreach (var n in new[] { "1", "2", "3" })
        {
            await app.InScopeAsync(services => services.GetRequiredService<IAuditLog>().WriteAsync("test.tamper", "thing", n, null, TestContext.Current.CancellationToken));
        }

        (await CommandLineVerbs.RunAsync("audit", ["verify"], app.WebApp)).ShouldBe(0);
        var edited = await app.ScalarAsync<long>("SELECT seq FROM audit_log WHERE action = 'test.tamper' AND target_id = '2'");

        // What someone with the table owner's rights could do: switch the guard off, edit, switch it on.
        await app.ExecuteAsync(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; " +
            "UPDATE audit_log SET target_id = '20' WHERE action = 'test.tamper' AND target_id = '2'; " +
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;");

        var report = await app.SendAsync(new VerifyAuditChainQuery());
        report.Intact.ShouldBeFalse();
        report.FirstBreak.ShouldNotBeNull().Sequence.ShouldBe(edited);
        report.FirstBreak.Problem.ShouldContain("does not match its hash");
        (await CommandLineVerbs.RunAsync("audit", ["verify"], app.WebApp)).ShouldBe(CommandLineVerbs.AuditChainBroken);
    }
}
