namespace Ticketing.Application.Channels;

/// <summary>Settings of the notification channels, bound from <c>Ticketing:Channels</c> by the composition root.</summary>
public sealed class ChannelOptions
{
    public const string Section = "Ticketing:Channels";

    /// <summary>The app's address as people reach it: links in e-mails, chat posts and the calendar start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>The first retry's wait after a transient failure; each later one doubles, up to an hour.</summary>
    public int RetryBaseDelaySeconds { get; set; } = 30;

    /// <summary>Attempts before an e-mail or chat post is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a claimed e-mail or post is reserved for its sender; after that a crashed sender's work is tried again.</summary>
    public int ClaimSeconds { get; set; } = 120;

    /// <summary>The least time between two posts to one chat webhook (Slack allows about one a second).</summary>
    public int ChatMinIntervalMilliseconds { get; set; } = 1000;

    /// <summary>The wait after a 429 that came without a usable <c>Retry-After</c>.</summary>
    public int ChatDefaultRetryAfterSeconds { get; set; } = 30;

    /// <summary>E-mails read from the IT mailbox per poll.</summary>
    public int InboundBatchSize { get; set; } = 50;

    /// <summary>The pause between two rounds of the channel worker (fan-out, digests, sending).</summary>
    public int WorkerIntervalMilliseconds { get; set; } = 5000;

    public TimeSpan WorkerInterval => TimeSpan.FromMilliseconds(Math.Max(100, WorkerIntervalMilliseconds));

    public TimeSpan RetryBaseDelay => TimeSpan.FromSeconds(Math.Max(0, RetryBaseDelaySeconds));

    public TimeSpan ClaimDuration => TimeSpan.FromSeconds(Math.Max(5, ClaimSeconds));
}
