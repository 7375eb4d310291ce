using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Ticketing.Simulator.Api;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class AdminEndpointTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 120, Seed = 9 }, Wire.Ct);
        _admin = _host.CreateAdminClient();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Health_reports_ok_and_the_ticket_count()
    {
        var health = await _admin.GetStringAsync("_sim/health", Wire.Ct);

        health.ShouldBe("""{"status":"ok","tickets":120}""");
    }

    [Fact]
    public async Task Counters_list_every_documented_counter()
    {
        using var client = _host.CreateClient();
        await client.ListAsync();

        var counters = await _admin.GetFromJsonAsync<JsonElement>("_sim/counters", Wire.Ct);

        var names = counters.EnumerateObject().Select(p => p.Name).ToList();
        names.ShouldBe(
        [
            "tickets", "creates", "create_requests", "idempotent_replays", "patch_requests", "requests", "faults_injected",
            "webhooks_sent", "webhooks_delivered", "webhooks_failed_attempts", "webhooks_pending", "webhooks_abandoned",
            "comments_created", "attachments_created", "tombstones", "webhooks_dropped", "webhooks_duplicated", "webhooks_delayed",
        ]);
        counters.GetProperty("requests").GetInt64().ShouldBe(1, "admin requests are not contract requests");
    }

    [Fact]
    public async Task Reset_reseeds_deterministically_and_zeroes_the_counters()
    {
        using var client = _host.CreateClient();
        var original = _host.Store.Snapshot().Select(t => t.Id).ToList();
        using var created = await client.PostJsonAsync("tickets", """{"title":"Gone after reset","priority":"low"}""");

        using var other = await _admin.PostJsonAsync("_sim/reset", """{"tickets":80,"seed":1}""");
        var otherIds = _host.Store.Snapshot().Select(t => t.Id).ToList();
        using var back = await _admin.PostJsonAsync("_sim/reset", """{"tickets":120,"seed":9}""");

        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.Content.ReadAsStringAsync(Wire.Ct)).ShouldStartWith("""{"tickets":80,"seed":1,"seed_ms":""");
        otherIds.Count.ShouldBe(80);
        otherIds.Intersect(original).ShouldBeEmpty();
        _host.Store.Snapshot().Select(t => t.Id).ShouldBe(original);
        _host.Counters.Creates.ShouldBe(0);
        _host.Counters.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Churn_applies_the_requested_number_of_changes_now()
    {
        using var response = await _admin.PostJsonAsync("_sim/churn", """{"count":200}""");

        var changes = (await response.ReadAsync<JsonElement>()).GetProperty("changes").EnumerateArray().ToList();

        changes.Count.ShouldBe(200);
        var kinds = changes.Select(c => c.GetProperty("kind").GetString()).ToHashSet();
        kinds.ShouldBe(["created", "updated", "comment_added", "attachment_added", "deleted"], ignoreOrder: true);
        var deleted = changes.Where(c => c.GetProperty("kind").GetString() == "deleted").Select(c => c.GetProperty("id").GetString()!).ToList();
        deleted.ShouldAllBe(id => _host.Store.Find(id) == null);
        _host.Store.Tombstones().Select(t => t.Id).ShouldBe(deleted, ignoreOrder: true);
    }

    [Fact]
    public async Task Churn_moves_statuses_along_the_workflow_and_keeps_resolved_at_consistent()
    {
        using var response = await _admin.PostJsonAsync("_sim/churn", """{"count":500}""");
        response.EnsureSuccessStatusCode();

        var tickets = _host.Store.Snapshot();

        tickets.ShouldAllBe(t => (t.ResolvedAt != null) == (t.Status == Tickets.TicketStatus.Resolved || t.Status == Tickets.TicketStatus.Closed));
        tickets.ShouldAllBe(t => t.UpdatedAt >= t.CreatedAt);
        tickets.ShouldAllBe(t => (t.AssigneeId == null) == (t.AssigneeName == null));
    }

    [Theory]
    [InlineData("""{"count":0}""")]
    [InlineData("""{"count":"many"}""")]
    [InlineData("")]
    public async Task Churn_rejects_a_bad_count(string body)
    {
        using var response = await _admin.PostJsonAsync("_sim/churn", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Same_updated_at_gives_the_returned_tickets_the_given_instant()
    {
        using var response = await _admin.PostJsonAsync("_sim/tickets/same-updated-at", """{"count":30,"updated_at":"2026-01-02T03:04:05.678+01:00"}""");

        var body = await response.ReadAsync<JsonElement>();
        var ids = body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        ids.Count.ShouldBe(30);
        ids.Distinct().Count().ShouldBe(30);
        body.GetProperty("updated_at").GetString().ShouldBe("2026-01-02T02:04:05.678Z");
        ids.ShouldAllBe(id => _host.Store.Find(id)!.UpdatedAt == new DateTime(2026, 1, 2, 2, 4, 5, 678, DateTimeKind.Utc));
    }

    [Fact]
    public async Task All_tickets_streams_every_live_ticket_field_by_field()
    {
        using var admin = _host.CreateAdminClient();
        using var deleted = await admin.DeleteAsync($"_sim/tickets/{_host.Store.Snapshot()[5].Id}", Wire.Ct);

        var all = await admin.GetFromJsonAsync<List<TicketView>>("_sim/tickets/all", Wire.Json, Wire.Ct);

        var stored = _host.Store.Snapshot();
        all.ShouldNotBeNull().Count.ShouldBe(119);
        for (var i = 0; i < stored.Count; i++)
        {
            TicketAssert.Matches(all[i], stored[i]);
        }
    }

    [Fact]
    public async Task Comments_need_an_author_and_a_body_and_an_existing_ticket()
    {
        var before = _host.Store.Snapshot()[0];
        var id = before.Id;

        using var missing = await _admin.PostJsonAsync($"_sim/tickets/{id}/comments", """{"body":"x"}""");
        using var unknown = await _admin.PostJsonAsync("_sim/tickets/tkt_NOPE000000/comments", """{"author_name":"a","body":"b"}""");
        using var added = await _admin.PostJsonAsync($"_sim/tickets/{id}/comments", """{"author_name":"a","body":"b"}""");

        missing.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await missing.ReadAsync<ErrorView>()).Error.Details!.Keys.ShouldBe(["author_name"]);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        _host.Store.Find(id)!.UpdatedAt.ShouldBeGreaterThan(before.UpdatedAt, "a comment is activity on the ticket");
    }

    [Fact]
    public async Task Deleting_an_unknown_ticket_answers_404()
    {
        using var response = await _admin.DeleteAsync("_sim/tickets/tkt_NOPE000000", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("10.1.2.3", StatusCodes.Status403Forbidden)]
    [InlineData("192.168.0.10", StatusCodes.Status403Forbidden)]
    [InlineData("127.0.0.1", StatusCodes.Status200OK)]
    [InlineData("::1", StatusCodes.Status200OK)]
    [InlineData("::ffff:127.0.0.1", StatusCodes.Status200OK)]
    public async Task Admin_endpoints_only_answer_loopback_clients(string remoteAddress, int expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        context.Response.Body = new MemoryStream();
        var middleware = new LoopbackOnlyMiddleware(next =>
        {
            next.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        context.Response.StatusCode.ShouldBe(expected);
    }
}
