namespace Ticketing.Simulator.Faults;

/// <summary>
/// Faults applied to outgoing webhooks, each rolled per message: drop it (never sent), duplicate it
/// (sent again with the same webhook-id right after it was delivered), or reorder it (held back
/// <see cref="ReorderDelayMs"/> while later messages go ahead). What a receiver must survive, since
/// the contract's remote may lose, repeat and reorder messages.
/// </summary>
public sealed record WebhookFaultSettings
{
    public double DropRate { get; init; }

    public double DuplicateRate { get; init; }

    public double ReorderRate { get; init; }

    public int ReorderDelayMs { get; init; } = 1000;

    public static WebhookFaultSettings None { get; } = new();

    /// <summary>Problems by snake_case field name; empty when the settings are usable.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckRate(errors, "drop_rate", DropRate);
        CheckRate(errors, "duplicate_rate", DuplicateRate);
        CheckRate(errors, "reorder_rate", ReorderRate);
        if (ReorderDelayMs < 0)
        {
            errors["reorder_delay_ms"] = ["must not be negative"];
        }

        return errors;
    }

    private static void CheckRate(Dictionary<string, string[]> errors, string name, double value)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            errors[name] = ["must be between 0 and 1"];
        }
    }
}
