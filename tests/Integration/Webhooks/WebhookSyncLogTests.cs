using System.Net;
using System.Text.Json;
using Shouldly;

namespace Ticketing.IntegrationTests.Webhooks;

public sealed class WebhookSyncLogFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_log"));

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The webhook rows of <c>ticket_sync_log</c>: one per minute, not one per message. A database of its own, so the counts are exact.</summary>
public sealed class WebhookSyncLogTests(WebhookSyncLogFixture fixture) : IClassFixture<WebhookSyncLogFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Counts_applied_and_failed_messages_by_type_in_one_row_per_minute()
    {
        var now = DateTimeOffset.UtcNow;
        var ticketIds = Enumerable.Range(0, 5).Select(_ => WebhookBodies.NewTicketId()).ToList();
        List<string> bodies =
        [
            .. ticketIds.Select(id => WebhookBodies.Created(id, now.AddMinutes(-1))),
            .. ticketIds.Take(3).Select(id => WebhookBodies.Updated(id, now, "Changed")),
            WebhookBodies.Deleted(ticketIds[4]),
            WebhookBodies.CommentAdded(ticketIds[0], now, "cmt_" + Guid.NewGuid().ToString("N"), "Looking into it."),
            WebhookBodies.Updated(WebhookBodies.NewTicketId(), now, "Bad status", status: "escalated"),
            WebhookBodies.Updated(WebhookBodies.NewTicketId(), now, new string('x', 501)),
        ];

        foreach (var body in bodies)
        {
            using var response = await App.SendWebhookAsync(WebhookRequests.Signed(body));
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await App.UntilWebhooksProcessedAsync();

        var rows = await App.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'webhook'");
        var minutes = await App.ScalarAsync<long>("SELECT count(DISTINCT date_trunc('minute', received_at)) FROM webhook_messages");
        rows.ShouldBeInRange(1, minutes + 1);
        (await App.ScalarAsync<long>("SELECT sum(records_processed) FROM ticket_sync_log WHERE sync_type = 'webhook'")).ShouldBe(10);
        (await App.ScalarAsync<long>("SELECT sum(records_failed) FROM ticket_sync_log WHERE sync_type = 'webhook'")).ShouldBe(2);
        (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'webhook' AND status = 'partial'")).ShouldBeGreaterThanOrEqualTo(1);
        (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'webhook' AND status = 'partial' AND records_failed = 0")).ShouldBe(0);
        (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'webhook' AND (completed_at IS NULL OR date_trunc('minute', started_at) <> started_at)"))
            .ShouldBe(0);

        var details = await App.ScalarAsync<string>("""
            SELECT jsonb_object_agg(key, total)::text FROM (
                SELECT key, sum(value::int) AS total
                FROM ticket_sync_log, jsonb_each_text(details)
                WHERE sync_type = 'webhook'
                GROUP BY key) AS counts
            """);
        JsonSerializer.Deserialize<Dictionary<string, int>>(details!).ShouldBe(
            new Dictionary<string, int>
            {
                ["ticket.created"] = 5,
                ["ticket.updated"] = 5,
                ["ticket.deleted"] = 1,
                ["ticket.comment_added"] = 1,
            },
            ignoreOrder: true);
    }
}
