namespace Ticketing.Infrastructure.Webhooks;

/// <summary>The background processing of accepted webhooks, bound from <c>Ticketing:Webhooks</c>.</summary>
public sealed class WebhookProcessingOptions
{
    public const string Section = "Ticketing:Webhooks";

    /// <summary>
    /// Apply accepted messages in this process. An instance with it off only accepts them; another
    /// instance (or this one later) applies them.
    /// </summary>
    public bool RunProcessor { get; set; } = true;

    /// <summary>Messages applied together: their tickets go to the cache in one bulk upsert.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How often the inbox is checked without a wake-up from this instance's endpoint: picks up what
    /// another instance accepted, or what a crash left unprocessed.
    /// </summary>
    public double PollIntervalSeconds { get; set; } = 1;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);

    public bool IsValid() => BatchSize is >= 1 and <= 10_000 && PollIntervalSeconds is > 0 and <= 3600;
}
