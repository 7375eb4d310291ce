using System.Net;
using Shouldly;

namespace Ticketing.IntegrationTests.Webhooks;

/// <summary>
/// The database refusing a message, or being away: each test starts an app of its own, since it
/// changes the schema under it.
/// </summary>
public sealed class WebhookStorageFaultTests
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>
    /// Fault: the cache's own constraint refuses one ticket of a batch (a refusal of the data, which no
    /// retry can fix). The message is set aside with the database's reason; the others are applied.
    /// </summary>
    [Fact]
    public async Task A_ticket_the_database_refuses_is_set_aside_alone_and_the_rest_of_its_batch_is_applied()
    {
        // The loop wakes on an accepted message or every hour: the messages stored behind its back below
        // wait until the last one, sent to the endpoint, wakes it, and are applied with it in one batch.
        await using var app = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_refused") with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:PollIntervalSeconds"] = "3600" },
        });
        await app.ExecuteAsync("ALTER TABLE tickets_cache ADD CONSTRAINT test_refused_title CHECK (title <> 'Refused by the cache')");
        var before = WebhookBodies.NewTicketId();
        var refused = WebhookBodies.NewTicketId();
        var after = WebhookBodies.NewTicketId();
        var refusedWebhookId = WebhookRequests.NewWebhookId();

        await StoreBehindTheLoopAsync(app, WebhookBodies.Created(before, Now), WebhookRequests.NewWebhookId());
        await StoreBehindTheLoopAsync(app, WebhookBodies.Created(refused, Now, "Refused by the cache"), refusedWebhookId);
        await StoreBehindTheLoopAsync(app, WebhookBodies.Created(after, Now), WebhookRequests.NewWebhookId());
        using (var wake = await app.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), Now))))
        {
            wake.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await app.UntilWebhooksProcessedAsync();

        (await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id IN ($1, $2)", before, after)).ShouldBe(2);
        (await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", refused)).ShouldBe(0);
        var error = (await app.ScalarAsync<string>("SELECT error FROM webhook_messages WHERE webhook_id = $1", refusedWebhookId)).ShouldNotBeNull();
        error.ShouldStartWith("The cache refused it: 23514 ");
        error.ShouldContain("test_refused_title");
        (await app.ScalarAsync<string>("SELECT sum(records_processed) || '/' || sum(records_failed) FROM ticket_sync_log WHERE sync_type = 'webhook'"))
            .ShouldBe("3/1", "three applied and one set aside, counted once");
    }

    /// <summary>
    /// Fault: the inbox cannot store (its table is away). The sender gets 503 with Retry-After, not an
    /// acknowledgement, so it retries; the same message is accepted once the inbox is back.
    /// </summary>
    [Fact]
    public async Task Answers_503_when_the_inbox_cannot_store_the_message_and_accepts_its_retry_later()
    {
        await using var app = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_inbox_away"));
        var ticketId = WebhookBodies.NewTicketId();
        var webhookId = WebhookRequests.NewWebhookId();
        var body = WebhookBodies.Created(ticketId, Now);

        await app.ExecuteAsync("ALTER TABLE webhook_messages RENAME TO webhook_messages_away");
        using (var refused = await app.SendWebhookAsync(WebhookRequests.Signed(body, webhookId)))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(5));
            (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("temporarily unavailable");
        }

        await app.ExecuteAsync("ALTER TABLE webhook_messages_away RENAME TO webhook_messages");
        using var retried = await app.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));

        retried.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", ticketId) == 1,
            "the retried message is applied");
    }

    private static Task StoreBehindTheLoopAsync(TestApp app, string body, string webhookId) =>
        app.ExecuteAsync(
            "INSERT INTO webhook_messages (webhook_id, event_type, body, received_at) VALUES ($1, 'ticket.created', $2, clock_timestamp())",
            webhookId,
            body);
}
