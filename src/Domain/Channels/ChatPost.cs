namespace Ticketing.Domain.Channels;

/// <summary>
/// One post in the outgoing chat queue (<c>chat_posts</c>): to a team channel, or to a user's own webhook.
/// The payload is rendered when queued. <see cref="DedupeKey"/> is unique: one post per happening and
/// team channel (however many users it notified), one per notification for a user's own webhook.
/// </summary>
public sealed class ChatPost
{
    public long Id { get; set; }

    public required string DedupeKey { get; set; }

    public Guid? ChannelId { get; set; }

    public string? UserId { get; set; }

    /// <summary>Whose rate limit the post counts against: <c>channel:{id}</c> or <c>user:{id}</c>.</summary>
    public required string TargetKey { get; set; }

    public ChatFormat Format { get; set; }

    public required string PayloadJson { get; set; }

    /// <summary>One line for the admin's list of failures ("IT-004217 is now resolved").</summary>
    public required string Summary { get; set; }

    public DeliveryState State { get; set; } = DeliveryState.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>When a chat target may be posted to next (<c>chat_rate_limits</c>): pacing and the receiver's <c>Retry-After</c>.</summary>
public sealed class ChatRateLimit
{
    public required string TargetKey { get; set; }

    public DateTimeOffset NotBefore { get; set; }
}
