namespace Ticketing.Simulator.Faults;

/// <summary>
/// Faults applied to contract requests (never to <c>/_sim</c>). Rates are fractions of requests
/// in [0, 1], each rolled independently; latency is added before any other fault.
/// </summary>
public sealed record FaultSettings
{
    public double ErrorRate { get; init; }

    public double RateLimitRate { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    public int LatencyMs { get; init; }

    public double LatencySpikeRate { get; init; }

    public int LatencySpikeMs { get; init; } = 1000;

    public double HangRate { get; init; }

    /// <summary>Fraction of requests whose connection is cut (TCP reset) instead of answered.</summary>
    public double ResetRate { get; init; }

    public bool Down { get; init; }

    public static FaultSettings None { get; } = new();

    /// <summary>Problems by snake_case field name; empty when the settings are usable.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckRate(errors, "error_rate", ErrorRate);
        CheckRate(errors, "rate_limit_rate", RateLimitRate);
        CheckRate(errors, "latency_spike_rate", LatencySpikeRate);
        CheckRate(errors, "hang_rate", HangRate);
        CheckRate(errors, "reset_rate", ResetRate);
        CheckNonNegative(errors, "retry_after_seconds", RetryAfterSeconds);
        CheckNonNegative(errors, "latency_ms", LatencyMs);
        CheckNonNegative(errors, "latency_spike_ms", LatencySpikeMs);
        return errors;
    }

    private static void CheckRate(Dictionary<string, string[]> errors, string name, double value)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            errors[name] = ["must be between 0 and 1"];
        }
    }

    private static void CheckNonNegative(Dictionary<string, string[]> errors, string name, int value)
    {
        if (value < 0)
        {
            errors[name] = ["must not be negative"];
        }
    }
}

/// <summary>The fault settings in force; swapped atomically, so a request sees one consistent set.</summary>
public sealed class FaultController(FaultSettings initial)
{
    private volatile FaultSettings _current = initial;

    public FaultSettings Current
    {
        get => _current;
        set => _current = value ?? FaultSettings.None;
    }

    public void Reset() => _current = FaultSettings.None;
}
