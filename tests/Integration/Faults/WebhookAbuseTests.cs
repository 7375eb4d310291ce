using System.Net;
using System.Text;
using Shouldly;
using Ticketing.IntegrationTests.Webhooks;

namespace Ticketing.IntegrationTests.Faults;

public sealed class WebhookAbuseFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    // Each refusal here must be the verifier's own answer, not the flood throttle's (WebhookFloodTests covers that).
    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_abuse") with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:FailedAttemptLimit"] = "10000" },
        });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Webhook abuse the endpoint tests (<see cref="WebhookEndpointTests"/>, <see cref="WebhookFloodTests"/>)
/// do not already send: malformed signature, timestamp and id headers, the wrong method, and validly
/// signed messages carrying data the cache cannot hold. The sender sees a plain 4xx; the data holds no
/// trace of the message; valid messages sent after it are applied.
/// </summary>
public sealed class WebhookAbuseTests(WebhookAbuseFixture fixture) : IClassFixture<WebhookAbuseFixture>
{
    private const string SnapshotSql = """
        SELECT concat_ws(',',
            (SELECT count(*) FROM webhook_messages), (SELECT count(*) FROM tickets_cache),
            (SELECT count(*) FROM ticket_history), (SELECT count(*) FROM ticket_comments))
        """;

    private TestApp App => fixture.App;

    public static TheoryData<string, string?, string?> MalformedHeaders()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TheoryData<string, string?, string?>
        {
            { "signature not base64", now, "v1,!!!not-base64!!!" },
            { "signature of the wrong length", now, "v1," + Convert.ToBase64String(new byte[16]) },
            { "unknown signature scheme", now, "v2,{valid}" },
            { "signature without a scheme", now, "{valid-bare}" },
            { "empty signature", now, "" },
            { "a hundred bogus signatures", now, string.Join(' ', Enumerable.Repeat("v1," + Convert.ToBase64String(new byte[32]), 100)) },
            { "timestamp not a number", "yesterday", "{valid}" },
            { "timestamp in milliseconds", now + "000", "{valid}" },
            { "negative timestamp", "-1", "{valid}" },
            { "timestamp past long", "99999999999999999999999", "{valid}" },
        };
    }

    /// <summary>Fault: a signature or timestamp header that is malformed. The sender sees 401; nothing is stored.</summary>
    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task A_malformed_signature_or_timestamp_header_is_refused_with_401_and_changes_nothing(string fault, string? timestamp, string? signature)
    {
        var ticketId = WebhookBodies.NewTicketId();
        var body = Encoding.UTF8.GetBytes(WebhookBodies.Created(ticketId, DateTimeOffset.UtcNow));
        var webhookId = WebhookRequests.NewWebhookId();
        // "{valid}" is the signature a correct sender would compute over the headers as sent.
        var valid = WebhookRequests.Signature(TestApp.WebhookSecret, webhookId, timestamp ?? "", body);
        signature = signature?.Replace("{valid-bare}", valid["v1,".Length..], StringComparison.Ordinal)
            .Replace("{valid}", valid["v1,".Length..], StringComparison.Ordinal);

        await ExpectNothingChangesAsync(WebhookRequests.Request(body, webhookId, timestamp, signature), HttpStatusCode.Unauthorized, fault);
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe(0, fault);
    }

    /// <summary>Fault: a signed message with an id longer than any remote sends. The sender sees 400; nothing is stored.</summary>
    [Fact]
    public async Task A_signed_message_with_an_oversized_id_is_refused_with_400()
    {
        var body = WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow);

        await ExpectNothingChangesAsync(WebhookRequests.Signed(body, webhookId: "msg_" + new string('a', 300)), HttpStatusCode.BadRequest, "oversized id");
    }

    /// <summary>
    /// Fault: validly signed messages whose ticket has a 100,000-character title or a title that is not
    /// a string. The sender sees 202 (the remote signed it) or 400; the cache never holds the ticket, the
    /// message is set aside with its error, and a valid message after them is applied.
    /// </summary>
    [Theory]
    [InlineData("\"{long}\"")]
    [InlineData("{\"nested\": \"object\"}")]
    [InlineData("null")]
    public async Task A_signed_message_the_cache_cannot_hold_is_set_aside_without_blocking_later_ones(string title)
    {
        var ticketId = WebhookBodies.NewTicketId();
        var json = WebhookBodies.Created(ticketId, DateTimeOffset.UtcNow, "PLACEHOLDER-TITLE")
            .Replace("\"PLACEHOLDER-TITLE\"", title.Replace("{long}", new string('t', 100_000), StringComparison.Ordinal), StringComparison.Ordinal);
        var webhookId = WebhookRequests.NewWebhookId();

        using var response = await App.SendWebhookAsync(WebhookRequests.Signed(json, webhookId));
        var sentinel = WebhookBodies.NewTicketId();
        using var after = await App.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(sentinel, DateTimeOffset.UtcNow)));
        await App.UntilWebhooksProcessedAsync();

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Accepted, HttpStatusCode.BadRequest);
        after.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", sentinel)).ShouldBe(1);
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe(0);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            (await App.ScalarAsync<string>("SELECT error FROM webhook_messages WHERE webhook_id = $1", webhookId)).ShouldNotBeNullOrEmpty();
        }
    }

    /// <summary>
    /// Fault: a validly signed ticket whose title holds a NUL character, which PostgreSQL cannot store.
    /// The sender sees 202; the cache holds the title without it.
    /// </summary>
    [Fact]
    public async Task A_nul_character_in_signed_ticket_text_is_dropped_and_the_ticket_stored()
    {
        var ticketId = WebhookBodies.NewTicketId();
        var json = WebhookBodies.Created(ticketId, DateTimeOffset.UtcNow, "PLACEHOLDER-TITLE").Replace("PLACEHOLDER-TITLE", "Printer\\u0000down", StringComparison.Ordinal);

        using var response = await App.SendWebhookAsync(WebhookRequests.Signed(json));
        await App.UntilWebhooksProcessedAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await App.ScalarAsync<string>("SELECT title FROM tickets_cache WHERE external_ticket_id = $1", ticketId)).ShouldBe("Printerdown");
    }

    private async Task ExpectNothingChangesAsync(HttpRequestMessage request, HttpStatusCode expected, string because)
    {
        await App.UntilWebhooksProcessedAsync();
        var before = await App.ScalarAsync<string>(SnapshotSql);

        using (request)
        {
            using var response = await App.SendWebhookAsync(request);
            response.StatusCode.ShouldBe(expected, because);
            response.Headers.Location.ShouldBeNull(because);
        }

        await App.UntilWebhooksProcessedAsync();
        (await App.ScalarAsync<string>(SnapshotSql)).ShouldBe(before, because);
    }
}
