using Shouldly;
using Ticketing.Application.Retention.Commands.ApplyRetention;
using Ticketing.IntegrationTests.Sync;

namespace Ticketing.IntegrationTests.Retention;

/// <summary>
/// The daily retention job removes each kind of PHI-bearing record past its setting and nothing younger:
/// ticket history, processed events, finished outbox writes, finished e-mails; a webhook body that could
/// not be applied is emptied after its window (an applied one is emptied at once: WebhookEndpointTests).
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task The_retention_job_removes_what_is_past_each_setting_and_keeps_everything_younger()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 12, settings: new Dictionary<string, string?>
        {
            ["Ticketing:Retention:HistoryDays"] = "365",
            ["Ticketing:Retention:EventDays"] = "30",
            ["Ticketing:Retention:OutboxDays"] = "30",
            ["Ticketing:Retention:FailedWebhookBodyDays"] = "7",
        });
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Inserted.ShouldBe(12);
        const string OldTickets = "(SELECT id FROM tickets_cache ORDER BY external_ticket_id LIMIT 5)";
        await app.ExecuteAsync($"UPDATE ticket_history SET recorded_at = now() - interval '2 years' WHERE ticket_id IN {OldTickets}");
        await app.ExecuteAsync("UPDATE ticket_events SET processed_at = now() - interval '1 day'");
        await app.ExecuteAsync($"UPDATE ticket_events SET processed_at = now() - interval '40 days' WHERE ticket_id IN {OldTickets}");
        var history = await app.ScalarAsync<long>("SELECT count(*) FROM ticket_history");
        var events = await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events");
        var oldHistory = await app.ScalarAsync<long>($"SELECT count(*) FROM ticket_history WHERE ticket_id IN {OldTickets}");
        var oldEvents = await app.ScalarAsync<long>($"SELECT count(*) FROM ticket_events WHERE ticket_id IN {OldTickets}");
        oldHistory.ShouldBeGreaterThan(0);
        oldEvents.ShouldBeGreaterThan(0);

        await app.ExecuteAsync("""
            INSERT INTO ticket_outbox (idempotency_key, kind, summary, payload, queued_at, state, attempts, completed_at) VALUES
                (gen_random_uuid(), 'update', 'old delivered', '{}', now() - interval '41 days', 'delivered', 1, now() - interval '40 days'),
                (gen_random_uuid(), 'update', 'old but still pending', '{}', now() - interval '41 days', 'pending', 3, NULL),
                (gen_random_uuid(), 'update', 'recent delivered', '{}', now() - interval '2 days', 'delivered', 1, now() - interval '1 day')
            """);
        await app.ExecuteAsync("""
            INSERT INTO webhook_messages (webhook_id, event_type, body, received_at, processed_at, error) VALUES
                ('msg_old_failed', 'ticket.updated', '{"data":{"ticket":{"title":"Ward 7 diagnosis"}}}', now() - interval '10 days', now() - interval '10 days', 'unreadable'),
                ('msg_new_failed', 'ticket.updated', '{"data":{"ticket":{"title":"Ward 8"}}}', now() - interval '1 day', now() - interval '1 day', 'unreadable')
            """);

        var result = await app.SendAsync(new ApplyRetentionCommand());

        result.History.ShouldBe(oldHistory);
        result.Events.ShouldBe(oldEvents);
        result.Outbox.ShouldBe(1);
        result.WebhookBodies.ShouldBe(1);
        result.Audit.ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_history")).ShouldBe(history - oldHistory);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events")).ShouldBe(events - oldEvents);
        (await app.ScalarAsync<string>("SELECT string_agg(summary, ',' ORDER BY summary) FROM ticket_outbox")).ShouldBe("old but still pending,recent delivered");
        (await app.ScalarAsync<string>("SELECT body::text FROM webhook_messages WHERE webhook_id = 'msg_old_failed'")).ShouldBe("{}");
        (await app.ScalarAsync<string>("SELECT body::text FROM webhook_messages WHERE webhook_id = 'msg_new_failed'")).ShouldNotBeNull().ShouldContain("Ward 8");

        // A second run finds nothing more.
        (await app.SendAsync(new ApplyRetentionCommand())).ShouldBe(new RetentionResult(0, 0, 0, 0, 0, 0));
    }
}
