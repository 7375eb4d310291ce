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

    /// <summary>How often the SLA recompute loop looks for work when it found none.</summary>
    public int RecomputeIntervalMilliseconds { get; set; } = 2_000;

    /// <summary>Whether this instance runs the SLA recompute loop.</summary>
    public bool RunRecompute { get; set; } = true;
}
