namespace Ticketing.Application.Tickets;

/// <summary>SLA settings, bound from <c>Ticketing:Sla</c>.</summary>
public sealed class SlaOptions
{
    public const string Section = "Ticketing:Sla";

    /// <summary>Open tickets due within this many hours are "at risk".</summary>
    public double AtRiskHours { get; set; } = 4;

    public TimeSpan AtRiskWindow => TimeSpan.FromHours(AtRiskHours);

    /// <summary>Tickets the SLA recompute evaluates and writes per transaction.</summary>
    public int RecomputeBatchSize { get; set; } = 2_000;

    /// <summary>
    /// Tickets per transaction in a full run (after a policy or calendar change): larger, since a run reads a
    /// range of ticket ids in one statement and nothing else waits on its rows.
    /// </summary>
    public int RecomputeRunBatchSize { get; set; } = 10_000;

    /// <summary>
    /// Batches one recompute runs at once, each on its own connection (a full run's slices, changed tickets and time-driven
    /// checks alike); two keep both the app and the database busy on a two-core machine.
    /// </summary>
    public int RecomputeWorkers { get; set; } = 2;

    /// <summary>How often the SLA recompute loop looks for work when it found none.</summary>
    public int RecomputeIntervalMilliseconds { get; set; } = 2_000;

    /// <summary>Whether this instance runs the SLA recompute loop.</summary>
    public bool RunRecompute { get; set; } = true;

    /// <summary>A ticket whose breach probability reaches this share (0–1) is "likely to breach".</summary>
    public double BreachThreshold { get; set; } = 0.7;

    /// <summary>Resolved and open tickets created this many days back feed the breach estimate.</summary>
    public int BreachLookbackDays { get; set; } = 180;

    /// <summary>A stratum needs this many tickets before the breach estimate uses it rather than a coarser one.</summary>
    public int BreachMinSamples { get; set; } = 30;

    /// <summary>... and this many of them must have lasted longer than the ticket's elapsed time.</summary>
    public int BreachMinAtRisk { get; set; } = 10;

    /// <summary>β of the open-load adjustment (0 turns it off); see docs/sla.md.</summary>
    public double BreachLoadExponent { get; set; } = 0.5;
}
