namespace Ticketing.Domain.Sync;

/// <summary>
/// A verified webhook message (<c>webhook_messages</c>): stored before the sender gets its 2xx, so
/// an accepted message is never lost; its id makes repeats no-ops; processed in the background.
/// </summary>
public sealed class WebhookMessage
{
    public required string WebhookId { get; set; }
    public required string EventType { get; set; }

    /// <summary>The raw body as received (UTF-8 JSON).</summary>
    public required string Body { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Why the message could not be applied, when it could not.</summary>
    public string? Error { get; set; }
}
