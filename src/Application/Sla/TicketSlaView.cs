using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sla;

/// <summary>A ticket's SLA under its policy, as last computed (a row of <c>ticket_sla</c> with its policy's name).</summary>
public sealed record TicketSlaView(
    Guid TicketId,
    Guid PolicyId,
    string PolicyName,
    bool BusinessHours,
    DateTimeOffset? FirstResponseDueAt,
    DateTimeOffset? FirstResponseAt,
    SlaState FirstResponseState,
    DateTimeOffset? ResolutionDueAt,
    SlaState ResolutionState,
    TimeSpan Paused,
    bool IsPaused,
    SlaState State,
    DateTimeOffset ComputedAt);

/// <summary>One policy's results in one month: first-response and resolution targets met and breached.</summary>
public sealed record SlaComplianceRow(
    Guid PolicyId,
    string PolicyName,
    DateOnly Month,
    int FirstResponseMet,
    int FirstResponseBreached,
    int ResolutionMet,
    int ResolutionBreached)
{
    public double? FirstResponseRate => Rate(FirstResponseMet, FirstResponseBreached);

    public double? ResolutionRate => Rate(ResolutionMet, ResolutionBreached);

    private static double? Rate(int met, int breached) => met + breached == 0 ? null : (double)met / (met + breached);
}
