using System.Globalization;
using System.Net;
using System.Text;
using Shouldly;

namespace Ticketing.IntegrationTests.Webhooks;

public sealed class WebhookEndpointFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(WebhookRequests.AppOptions("webhooks"));

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The endpoint over HTTP on a real port, the processor and the cache in PostgreSQL.</summary>
public sealed class WebhookEndpointTests(WebhookEndpointFixture fixture) : IClassFixture<WebhookEndpointFixture>
{
    private const string DataSnapshotSql = """
        SELECT concat_ws(',',
            (SELECT count(*) FROM webhook_messages), (SELECT count(*) FROM tickets_cache),
            (SELECT count(*) FROM ticket_history), (SELECT count(*) FROM ticket_events),
            (SELECT count(*) FROM ticket_comments), (SELECT count(*) FROM ticket_tombstones))
        """;

    public enum Refusal
    {
        Forged,
        StaleTimestamp,
        FutureTimestamp,
        WithoutSignature,
        WithoutId,
        WithoutTimestamp,
        SignatureOfAnotherBody,
    }

    private TestApp App => fixture.App;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Stores_a_validly_signed_message_and_applies_it_to_the_cache()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var webhookId = WebhookRequests.NewWebhookId();

        using var response = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(ticketId, Now, "Printer on fire"), webhookId));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await App.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBe(1);
        await UntilTicketCachedAsync(ticketId);
        (await App.ScalarAsync<string>("SELECT title FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe("Printer on fire");
        (await App.ScalarAsync<string>("SELECT source FROM ticket_history WHERE field = 'created' AND ticket_id = (SELECT id FROM tickets_cache WHERE external_ticket_id = $1)", ticketId))
            .ShouldBe("webhook");
        await Eventually.UntilAsync(
            async () => await App.ScalarAsync<DateTime?>("SELECT processed_at FROM webhook_messages WHERE webhook_id = $1", webhookId) is not null,
            "the message is marked processed");
        (await App.ScalarAsync<string>("SELECT error FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBeNull();
        // Applied: the body (a whole ticket, PHI included) is gone; the id, type and times stay for de-duplication.
        (await App.ScalarAsync<string>("SELECT body::text FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBe("{}");
    }

    [Theory]
    [InlineData(Refusal.Forged)]
    [InlineData(Refusal.StaleTimestamp)]
    [InlineData(Refusal.FutureTimestamp)]
    [InlineData(Refusal.WithoutSignature)]
    [InlineData(Refusal.WithoutId)]
    [InlineData(Refusal.WithoutTimestamp)]
    [InlineData(Refusal.SignatureOfAnotherBody)]
    public async Task Refuses_an_unverified_message_with_401_and_changes_nothing(Refusal refusal)
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = Encoding.UTF8.GetBytes(WebhookBodies.Created(ticketId, Now));
        var webhookId = WebhookRequests.NewWebhookId();
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = refusal switch
        {
            Refusal.Forged => WebhookRequests.Signed(body, webhookId, secret: WebhookRequests.OtherSecret),
            Refusal.StaleTimestamp => WebhookRequests.Signed(body, webhookId, Now.AddMinutes(-6).ToUnixTimeSeconds()),
            Refusal.FutureTimestamp => WebhookRequests.Signed(body, webhookId, Now.AddMinutes(6).ToUnixTimeSeconds()),
            Refusal.WithoutSignature => WebhookRequests.Request(body, webhookId, timestamp, signature: null),
            Refusal.WithoutId => WebhookRequests.Request(body, null, timestamp, WebhookRequests.Signature(TestApp.WebhookSecret, "", timestamp, body)),
            Refusal.WithoutTimestamp => WebhookRequests.Request(body, webhookId, null, WebhookRequests.Signature(TestApp.WebhookSecret, webhookId, "", body)),
            _ => WebhookRequests.Request(body, webhookId, timestamp, WebhookRequests.Signature(TestApp.WebhookSecret, webhookId, timestamp, [.. body, (byte)' '])),
        };

        await ExpectRefusalAsync(request, HttpStatusCode.Unauthorized, webhookId, ticketId);
    }

    [Fact]
    public async Task Accepts_a_message_carrying_several_signatures_of_which_one_is_valid()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = Encoding.UTF8.GetBytes(WebhookBodies.Created(ticketId, Now));
        var webhookId = WebhookRequests.NewWebhookId();
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // The remote rotating its secret signs with the old and the new one.
        var signatures = WebhookRequests.Signature(WebhookRequests.OtherSecret, webhookId, timestamp, body) + " "
            + WebhookRequests.Signature(TestApp.WebhookSecret, webhookId, timestamp, body);

        using var response = await App.SendWebhookAsync(WebhookRequests.Request(body, webhookId, timestamp, signatures));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await UntilTicketCachedAsync(ticketId);
    }

    [Theory]
    [InlineData("{\"type\": \"ticket.created\", \"data\": ")]
    [InlineData("not json at all")]
    [InlineData("[{\"type\": \"ticket.created\"}]")]
    [InlineData("{\"data\": {\"ticket\": {\"id\": \"tkt_x\"}}}")]
    [InlineData("{\"type\": 7, \"data\": {\"ticket\": {\"id\": \"tkt_x\"}}}")]
    [InlineData("{\"type\": \"ticket.updated\", \"data\": {}}")]
    [InlineData("{\"type\": \"ticket.updated\", \"data\": {\"ticket\": {\"id\": 42}}}")]
    [InlineData("{\"type\": \"ticket.deleted\", \"data\": {\"ticket\": {\"id\": \"\"}}}")]
    public async Task Refuses_a_signed_body_that_is_not_a_webhook_with_400_and_changes_nothing(string body)
    {
        var webhookId = WebhookRequests.NewWebhookId();

        await ExpectRefusalAsync(WebhookRequests.Signed(body, webhookId), HttpStatusCode.BadRequest, webhookId, ticketId: "tkt_x");
    }

    [Fact]
    public async Task Refuses_a_body_over_one_mebibyte_with_413_and_changes_nothing()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = Padded(WebhookBodies.Created(ticketId, Now), 1024 * 1024 + 1);
        var webhookId = WebhookRequests.NewWebhookId();
        var request = WebhookRequests.Signed(body, webhookId);
        // The server answers 413 from the Content-Length alone; without "Expect: 100-continue" the client may
        // still be sending the body when the connection closes, and reports a broken pipe instead of the 413.
        request.Headers.ExpectContinue = true;

        await ExpectRefusalAsync(request, HttpStatusCode.RequestEntityTooLarge, webhookId, ticketId);
    }

    [Fact]
    public async Task Refuses_a_chunked_body_over_one_mebibyte_with_413_and_changes_nothing()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = Padded(WebhookBodies.Created(ticketId, Now), 2 * 1024 * 1024);
        var webhookId = WebhookRequests.NewWebhookId();
        var request = WebhookRequests.Signed(body, webhookId);
        request.Content = new ChunkedContent(body);

        await ExpectRefusalAsync(request, HttpStatusCode.RequestEntityTooLarge, webhookId, ticketId);
    }

    [Fact]
    public async Task Accepts_a_body_of_exactly_one_mebibyte()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = Padded(WebhookBodies.Created(ticketId, Now), 1024 * 1024);

        using var response = await App.SendWebhookAsync(WebhookRequests.Signed(body));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await UntilTicketCachedAsync(ticketId);
    }

    [Fact]
    public async Task Acknowledges_a_repeated_webhook_id_without_storing_or_applying_it_again()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = WebhookBodies.Created(ticketId, Now);
        var webhookId = WebhookRequests.NewWebhookId();

        using var first = await App.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));
        await UntilTicketCachedAsync(ticketId);
        using var retry = await App.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));
        await App.UntilWebhooksProcessedAsync();

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBe(1);
        (await HistoryCountAsync(ticketId)).ShouldBe(1);
        (await App.ScalarAsync<long>(
            "SELECT count(*) FROM ticket_events WHERE ticket_id = (SELECT id FROM tickets_cache WHERE external_ticket_id = $1)", ticketId)).ShouldBe(1);
    }

    [Fact]
    public async Task Stores_one_message_when_the_same_id_arrives_several_times_at_once()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = WebhookBodies.Created(ticketId, Now);
        var webhookId = WebhookRequests.NewWebhookId();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await App.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));
            return response.StatusCode;
        }));
        await UntilTicketCachedAsync(ticketId);
        await App.UntilWebhooksProcessedAsync();

        responses.Count(s => s == HttpStatusCode.Accepted).ShouldBe(1);
        responses.Count(s => s == HttpStatusCode.OK).ShouldBe(11);
        (await App.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBe(1);
        (await HistoryCountAsync(ticketId)).ShouldBe(1);
    }

    [Fact]
    public async Task Keeps_the_newer_version_when_an_older_update_arrives_after_it()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var newer = Now;

        using var created = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(ticketId, newer.AddMinutes(-10), "First")));
        using var latest = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Updated(ticketId, newer, "Latest", "resolved")));
        using var late = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Updated(ticketId, newer.AddMinutes(-5), "Older", "pending")));
        await App.UntilWebhooksProcessedAsync();

        late.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await App.ScalarAsync<string>("SELECT title FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe("Latest");
        (await App.ScalarAsync<string>("SELECT status FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe("resolved");
    }

    [Fact]
    public async Task Keeps_a_deleted_ticket_deleted_when_an_update_for_it_is_replayed_afterwards()
    {
        var ticketId = WebhookBodies.NewTicketId();
        using var created = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(ticketId, Now.AddMinutes(-2), "Before")));
        await UntilTicketCachedAsync(ticketId);

        using var deleted = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Deleted(ticketId)));
        await Eventually.UntilAsync(
            async () => await App.ScalarAsync<DateTime?>("SELECT deleted_at FROM tickets_cache WHERE external_ticket_id = $1", ticketId) is not null,
            "the ticket is marked deleted");
        using var replayed = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Updated(ticketId, Now, "Resurrected")));
        await App.UntilWebhooksProcessedAsync();

        deleted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await App.ScalarAsync<DateTime?>("SELECT deleted_at FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldNotBeNull();
        (await App.ScalarAsync<string>("SELECT title FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe("Before");
    }

    [Fact]
    public async Task Never_creates_a_ticket_whose_deletion_arrived_before_its_creation()
    {
        var ticketId = WebhookBodies.NewTicketId();

        using var deleted = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Deleted(ticketId)));
        await App.UntilWebhooksProcessedAsync();
        using var created = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(ticketId, Now)));
        await App.UntilWebhooksProcessedAsync();

        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe(0);
        (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_tombstones WHERE external_ticket_id = $1", ticketId)).ShouldBe(1);
    }

    [Fact]
    public async Task Stores_a_comment_once_however_often_it_is_delivered()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var commentId = "cmt_" + Guid.NewGuid().ToString("N");
        var body = WebhookBodies.CommentAdded(ticketId, Now, commentId, "Rebooted the router; watching it.");
        var webhookId = WebhookRequests.NewWebhookId();

        using var first = await App.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));
        using var retried = await App.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));
        // The same comment again under a new message id, as a remote that re-sends it would.
        using var resent = await App.SendWebhookAsync(WebhookRequests.Signed(body));
        await App.UntilWebhooksProcessedAsync();

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        retried.StatusCode.ShouldBe(HttpStatusCode.OK);
        resent.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_comments WHERE external_comment_id = $1", commentId)).ShouldBe(1);
        (await App.ScalarAsync<string>("SELECT body FROM ticket_comments WHERE external_comment_id = $1", commentId)).ShouldBe("Rebooted the router; watching it.");
        (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE event_type = 'comment_added' AND new_value = $1", commentId)).ShouldBe(1);
        await UntilTicketCachedAsync(ticketId);
    }

    [Fact]
    public async Task Acknowledges_a_message_of_an_unknown_type_without_storing_it()
    {
        var webhookId = WebhookRequests.NewWebhookId();
        var body = """{"type": "project.archived", "data": {"project": {"id": "prj_1"}}}""";

        using var response = await App.SendWebhookAsync(WebhookRequests.Signed(body, webhookId));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBe(0);
    }

    [Fact]
    public async Task Answers_with_plain_status_codes_never_a_login_redirect_or_an_error_page()
    {
        using var response = await App.SendWebhookAsync(WebhookRequests.Request("{}"u8.ToArray(), null, null, null));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Location.ShouldBeNull();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Length.ShouldBeLessThan(100);
    }

    [Fact]
    public async Task Sets_aside_a_message_with_bad_ticket_data_without_blocking_the_ones_after_it()
    {
        var badTicketId = WebhookBodies.NewTicketId();
        var goodTicketId = WebhookBodies.NewTicketId();
        var badWebhookId = WebhookRequests.NewWebhookId();

        using var bad = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Updated(badTicketId, Now, "Bad", status: "escalated"), badWebhookId));
        using var good = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(goodTicketId, Now)));
        await App.UntilWebhooksProcessedAsync();

        bad.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await UntilTicketCachedAsync(goodTicketId);
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", badTicketId)).ShouldBe(0);
        (await App.ScalarAsync<string>("SELECT error FROM webhook_messages WHERE webhook_id = $1", badWebhookId)).ShouldNotBeNull().ShouldContain("escalated");
    }

    private async Task ExpectRefusalAsync(HttpRequestMessage request, HttpStatusCode expected, string webhookId, string ticketId)
    {
        await App.UntilWebhooksProcessedAsync();
        var before = await App.ScalarAsync<string>(DataSnapshotSql);

        using var response = await App.SendWebhookAsync(request);

        response.StatusCode.ShouldBe(expected);
        (await App.ScalarAsync<string>(DataSnapshotSql)).ShouldBe(before);

        // A valid message sent after it is applied, so anything the refused one had left would be too.
        var sentinel = WebhookBodies.NewTicketId();
        using var accepted = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(sentinel, Now)));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await UntilTicketCachedAsync(sentinel);
        (await App.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldBe(0);
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe(0);
    }

    private Task UntilTicketCachedAsync(string ticketId) =>
        Eventually.UntilAsync(
            async () => await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", ticketId) == 1,
            $"ticket {ticketId} is in the cache");

    private Task<long> HistoryCountAsync(string ticketId) =>
        App.ScalarAsync<long>(
            "SELECT count(*) FROM ticket_history WHERE ticket_id = (SELECT id FROM tickets_cache WHERE external_ticket_id = $1)", ticketId);

    /// <summary>The webhook JSON grown to exactly <paramref name="size"/> bytes with trailing whitespace (still valid JSON).</summary>
    private static byte[] Padded(string json, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var padded = new byte[size];
        bytes.CopyTo(padded, 0);
        padded.AsSpan(bytes.Length).Fill((byte)' ');
        return padded;
    }

    /// <summary>A body sent without Content-Length (chunked), so the server only learns its size by reading it.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
