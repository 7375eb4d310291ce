using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.IntegrationTests.Webhooks;

public sealed class WebhookInboxFixture : IAsyncLifetime
{
    /// <summary>An instance that accepts webhooks but leaves applying them to others.</summary>
    public TestApp Receiver { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Receiver = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_inbox") with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:RunProcessor"] = "false" },
        });

    public async ValueTask DisposeAsync() => await Receiver.DisposeAsync();
}

/// <summary>The inbox shared by several app instances over one database.</summary>
public sealed class WebhookInboxTests(WebhookInboxFixture fixture) : IClassFixture<WebhookInboxFixture>
{
    private const int Backlog = 1_200;

    private TestApp Receiver => fixture.Receiver;

    [Fact]
    public async Task Applies_each_message_another_instance_accepted_exactly_once_across_several_processing_instances()
    {
        var now = DateTimeOffset.UtcNow;
        var ticketIds = Enumerable.Range(0, Backlog).Select(_ => WebhookBodies.NewTicketId()).ToList();
        await Parallel.ForEachAsync(
            ticketIds,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (id, _) =>
            {
                using var response = await Receiver.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(id, now)));
                response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            });
        var inbox = Receiver.Services.GetRequiredService<IWebhookInbox>();
        (await inbox.PendingCountAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThanOrEqualTo(Backlog);

        // Two more instances find the backlog by polling and share it (batches of 100, so both get some).
        var settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:BatchSize"] = "100" };
        await using (var first = await Receiver.StartAnotherAsync(options => options with { Settings = settings }))
        await using (var second = await Receiver.StartAnotherAsync(options => options with { Settings = settings }))
        {
            await Receiver.UntilWebhooksProcessedAsync(TimeSpan.FromSeconds(60));
        }

        (await inbox.PendingCountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await Receiver.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = ANY($1)", (object)ticketIds.ToArray())).ShouldBe(Backlog);
        // Every message counted once in the log: a message applied by both instances would be counted twice.
        (await Receiver.ScalarAsync<long>("SELECT sum(records_processed) FROM ticket_sync_log WHERE sync_type = 'webhook'")).ShouldBe(Backlog);
    }

    [Fact]
    public async Task Deletes_processed_messages_older_than_the_deduplication_window_and_keeps_the_rest()
    {
        var now = DateTimeOffset.UtcNow;
        var old = now - IWebhookInbox.DeduplicationWindow - TimeSpan.FromHours(1);
        var oldProcessed = WebhookRequests.NewWebhookId();
        var oldPending = WebhookRequests.NewWebhookId();
        var recentProcessed = WebhookRequests.NewWebhookId();
        const string insert = """
            INSERT INTO webhook_messages (webhook_id, event_type, body, received_at, processed_at)
            VALUES ($1, 'ticket.updated', '{}', $2, $3)
            """;
        await Receiver.ExecuteAsync(insert, oldProcessed, old, old.AddSeconds(1));
        await Receiver.ExecuteAsync(insert, oldPending, old, DBNull.Value);
        await Receiver.ExecuteAsync(insert, recentProcessed, now, now);
        var inbox = Receiver.Services.GetRequiredService<IWebhookInbox>();

        var deleted = await inbox.DeleteProcessedOlderThanAsync(now - IWebhookInbox.DeduplicationWindow, TestContext.Current.CancellationToken);

        deleted.ShouldBe(1);
        (await Receiver.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = ANY($1)", (object)new[] { oldPending, recentProcessed }))
            .ShouldBe(2);
        (await Receiver.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = $1", oldProcessed)).ShouldBe(0);
    }
}
