using System.Globalization;
using Ticketing.Simulator.Faults;

namespace Ticketing.Simulator;

/// <summary>Everything the command line can set, plus the webhook retry timing tests want shorter.</summary>
public sealed record SimulatorSettings
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public int TicketCount { get; init; } = 2000;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Ids of comments and attachments added while the simulator runs start at a random point of their sequence, so a
    /// restarted simulator (which forgets what it made) never hands out an id it gave before: a mirror kept across
    /// restarts (scripts/run.sh) would take a reused id for a comment it already has. Off: the same seed gives the same
    /// ids for everything, as tests expect.
    /// </summary>
    public bool FreshRuntimeIds { get; init; }

    public string ApiKey { get; init; } = "sim-dev-key";

    /// <summary>Random changes per minute, spread evenly; 0 turns churn off.</summary>
    public double ChurnPerMinute { get; init; }

    public Uri? WebhookUrl { get; init; }

    /// <summary><c>whsec_</c> followed by the base64 of the signing key.</summary>
    public string? WebhookSecret { get; init; }

    public double ErrorRate { get; init; }

    public double RateLimitRate { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    public int LatencyMs { get; init; }

    public double LatencySpikeRate { get; init; }

    public int LatencySpikeMs { get; init; } = 1000;

    public double HangRate { get; init; }

    public double ResetRate { get; init; }

    public bool Down { get; init; }

    /// <summary>First retry delay; each further retry doubles it.</summary>
    public TimeSpan WebhookRetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public int WebhookMaxAttempts { get; init; } = 8;

    public TimeSpan WebhookAttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Fraction of webhook messages never sent.</summary>
    public double WebhookDropRate { get; init; }

    /// <summary>Fraction of webhook messages sent twice under one webhook-id.</summary>
    public double WebhookDuplicateRate { get; init; }

    /// <summary>Fraction of webhook messages held back so later ones overtake them.</summary>
    public double WebhookReorderRate { get; init; }

    public int WebhookReorderDelayMs { get; init; } = 1000;

    public WebhookFaultSettings WebhookFaults => new()
    {
        DropRate = WebhookDropRate,
        DuplicateRate = WebhookDuplicateRate,
        ReorderRate = WebhookReorderRate,
        ReorderDelayMs = WebhookReorderDelayMs,
    };

    public FaultSettings Faults => new()
    {
        ErrorRate = ErrorRate,
        RateLimitRate = RateLimitRate,
        RetryAfterSeconds = RetryAfterSeconds,
        LatencyMs = LatencyMs,
        LatencySpikeRate = LatencySpikeRate,
        LatencySpikeMs = LatencySpikeMs,
        HangRate = HangRate,
        ResetRate = ResetRate,
        Down = Down,
    };

    /// <summary>Reads the <c>--flag value</c> options (kebab-case keys) over the defaults.</summary>
    public static SimulatorSettings FromConfiguration(IConfiguration configuration)
    {
        var defaults = new SimulatorSettings();
        var webhookUrl = configuration["webhook-url"];
        var settings = new SimulatorSettings
        {
            TicketCount = Int(configuration, "tickets", defaults.TicketCount, min: 0),
            Seed = Int(configuration, "seed", defaults.Seed, min: int.MinValue),
            ApiKey = string.IsNullOrEmpty(configuration["api-key"]) ? defaults.ApiKey : configuration["api-key"]!,
            ChurnPerMinute = Double(configuration, "churn", 0, max: double.MaxValue),
            WebhookUrl = string.IsNullOrWhiteSpace(webhookUrl) ? null : AbsoluteUrl(webhookUrl),
            WebhookSecret = string.IsNullOrWhiteSpace(configuration["webhook-secret"]) ? null : configuration["webhook-secret"],
            ErrorRate = Double(configuration, "error-rate", 0, max: 1),
            RateLimitRate = Double(configuration, "rate-limit-rate", 0, max: 1),
            RetryAfterSeconds = Int(configuration, "retry-after", defaults.RetryAfterSeconds, min: 0),
            LatencyMs = Int(configuration, "latency-ms", 0, min: 0),
            LatencySpikeRate = Double(configuration, "latency-spike-rate", 0, max: 1),
            LatencySpikeMs = Int(configuration, "latency-spike-ms", defaults.LatencySpikeMs, min: 0),
            HangRate = Double(configuration, "hang-rate", 0, max: 1),
            ResetRate = Double(configuration, "reset-rate", 0, max: 1),
            Down = Bool(configuration, "down"),
            FreshRuntimeIds = Bool(configuration, "fresh-runtime-ids"),
            WebhookDropRate = Double(configuration, "webhook-drop-rate", 0, max: 1),
            WebhookDuplicateRate = Double(configuration, "webhook-duplicate-rate", 0, max: 1),
            WebhookReorderRate = Double(configuration, "webhook-reorder-rate", 0, max: 1),
            WebhookReorderDelayMs = Int(configuration, "webhook-reorder-delay-ms", defaults.WebhookReorderDelayMs, min: 0),
        };

        if (settings.WebhookUrl is not null && settings.WebhookSecret is null)
        {
            throw new InvalidOperationException("--webhook-url needs --webhook-secret (whsec_<base64 key>) to sign messages.");
        }

        return settings;
    }

    private static int Int(IConfiguration configuration, string key, int fallback, int min)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new InvalidOperationException($"--{key} must be an integer of at least {min}, got '{text}'.");
    }

    private static double Double(IConfiguration configuration, string key, double fallback, double max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max
            ? value
            : throw new InvalidOperationException($"--{key} must be a number between 0 and {max}, got '{text}'.");
    }

    private static bool Bool(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return bool.TryParse(text, out var value) ? value : throw new InvalidOperationException($"--{key} must be true or false, got '{text}'.");
    }

    private static Uri AbsoluteUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new InvalidOperationException($"--webhook-url must be an absolute http(s) URL, got '{text}'.");
}
