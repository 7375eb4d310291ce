namespace Ticketing.Application.Tickets;

/// <summary>SLA settings, bound from <c>Ticketing:Sla</c>.</summary>
public sealed class SlaOptions
{
    public const string Section = "Ticketing:Sla";

    /// <summary>Open tickets due within this many hours are "at risk".</summary>
    public double AtRiskHours { get; set; } = 4;

    public TimeSpan AtRiskWindow => TimeSpan.FromHours(AtRiskHours);
}
