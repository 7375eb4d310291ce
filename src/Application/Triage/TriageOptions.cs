namespace Ticketing.Application.Triage;

/// <summary>Training's bounds (<c>Ticketing:Triage</c>).</summary>
public sealed class TriageOptions
{
    public const string Section = "Ticketing:Triage";

    /// <summary>The most training tickets kept in memory: a uniform sample of the oldest 80 %.</summary>
    public int TrainingSampleCap { get; set; } = 200_000;

    /// <summary>The most hold-out tickets kept: a uniform sample of the newest 20 %.</summary>
    public int HoldOutSampleCap { get; set; } = 50_000;

    /// <summary>Fewer labelled training tickets than this for a target: no model is trained for it.</summary>
    public int MinimumTrainingTickets { get; set; } = 50;

    /// <summary>The nightly training's schedule (cron, UTC).</summary>
    public string TrainingCron { get; set; } = "45 2 * * *";

    /// <summary>How often an instance checks which model versions are active.</summary>
    public int ActiveModelCheckSeconds { get; set; } = 15;

    /// <summary>The confidence above which the ticket page says the category looks wrong.</summary>
    public double LooksWrongAbove { get; set; } = 0.8;

    /// <summary>Whether this instance runs the loop that auto-applies suggestions to tickets arriving from Championship IT.</summary>
    public bool RunAutoApply { get; set; } = true;

    /// <summary>How long the auto-apply loop waits when no arrived ticket is waiting.</summary>
    public int AutoApplyIntervalMilliseconds { get; set; } = 2_000;

    /// <summary>How many times the assistant tries to save its suggestions for an arrived ticket before it records the failure for an admin.</summary>
    public int AutoApplyMaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each later one doubles it, at most an hour.</summary>
    public double AutoApplyRetryBaseDelaySeconds { get; set; } = 60;

    /// <summary>
    /// How long a claimed ticket is reserved for its instance: longer than any save can take (the remote's
    /// timeouts end one within minutes), so another instance takes it over only after a crash.
    /// </summary>
    public int AutoApplyClaimSeconds { get; set; } = 600;
}
