using System.Globalization;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// <c>Ticketing:Remote</c>. <see cref="BaseUrl"/>, <see cref="ApiKey"/>, <see cref="WebhookSecret"/> and
/// <see cref="SyncIntervalMinutes"/> only seed an empty <c>ticketing_system_config</c> at start-up; after
/// that the database row is the truth. The rest tunes the HTTP client.
/// </summary>
public sealed class RemoteClientOptions
{
    public const string Section = "Ticketing:Remote";

    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    public string? WebhookSecret { get; set; }

    public int SyncIntervalMinutes { get; set; } = 5;

    /// <summary>One attempt's time limit.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The ceiling of a whole call's time limit, retries and their waits included. The limit itself
    /// is the request timeout an admin sets on the integration page (5–120 s), capped by this.
    /// </summary>
    public double TotalTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// The time limit of one attachment upload (each attempt, and all of them): a 25 MiB file over a
    /// slow link takes far longer than an ordinary call.
    /// </summary>
    public double UploadTimeoutSeconds { get; set; } = 300;

    /// <summary>The first retry's median delay; later ones double it (with jitter).</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>How long the settings row is cached between reads.</summary>
    public double SettingsCacheSeconds { get; set; } = 30;

    /// <summary>How long the remote's stats are cached.</summary>
    public double StatsCacheSeconds { get; set; } = 300;

    /// <summary>Share of failed attempts within the sampling window that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within the window before the circuit can open at all.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>How long an open circuit refuses calls before letting one through to test the remote.</summary>
    public double CircuitBreakerBreakSeconds { get; set; } = 15;

    /// <summary>
    /// How long one page of the change stream or the deletions feed is asked for again while Championship IT
    /// keeps failing (server errors, 429s, timeouts, an open circuit) before the sync gives up on it. A flaky
    /// remote opens the circuit now and then and is waited out; only a remote that fails for this long is an
    /// outage that fails the sync.
    /// </summary>
    public double FeedPagePatienceSeconds { get; set; } = 180;

    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(AttemptTimeoutSeconds);

    public TimeSpan TotalTimeout => TimeSpan.FromSeconds(TotalTimeoutSeconds);

    public TimeSpan RetryBaseDelay => TimeSpan.FromSeconds(RetryBaseDelaySeconds);

    public TimeSpan UploadTimeout => TimeSpan.FromSeconds(UploadTimeoutSeconds);

    public TimeSpan FeedPagePatience => TimeSpan.FromSeconds(FeedPagePatienceSeconds);

    /// <summary>Problems with the values, empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (AttemptTimeoutSeconds <= 0 || TotalTimeoutSeconds <= 0)
        {
            problems.Add($"{Section}:AttemptTimeoutSeconds and TotalTimeoutSeconds must be positive.");
        }
        else if (TotalTimeoutSeconds < AttemptTimeoutSeconds)
        {
            problems.Add($"{Section}:TotalTimeoutSeconds must be at least AttemptTimeoutSeconds.");
        }

        if (UploadTimeoutSeconds <= 0)
        {
            problems.Add($"{Section}:UploadTimeoutSeconds must be positive.");
        }

        if (RetryBaseDelaySeconds < 0 || SettingsCacheSeconds < 0 || StatsCacheSeconds < 0 || FeedPagePatienceSeconds < 0)
        {
            problems.Add($"{Section}:RetryBaseDelaySeconds, SettingsCacheSeconds, StatsCacheSeconds and FeedPagePatienceSeconds must not be negative.");
        }

        if (CircuitBreakerFailureRatio is <= 0 or > 1 || CircuitBreakerMinimumThroughput < 2 || CircuitBreakerBreakSeconds < 0.5)
        {
            problems.Add($"{Section}:CircuitBreaker* must be a ratio in (0, 1], a throughput of at least 2 and a break of at least 0.5 s.");
        }

        return problems;
    }

    /// <summary>Shows whether the secrets are set, never their values.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"BaseUrl = {BaseUrl ?? "(not set)"}, ApiKey = {Redacted(ApiKey)}, WebhookSecret = {Redacted(WebhookSecret)}, " +
        $"AttemptTimeoutSeconds = {AttemptTimeoutSeconds}, TotalTimeoutSeconds = {TotalTimeoutSeconds}");

    internal static string Redacted(string? secret) => string.IsNullOrEmpty(secret) ? "(not set)" : "(set)";
}
