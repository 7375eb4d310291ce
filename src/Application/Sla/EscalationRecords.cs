using Ticketing.Domain.Sla;

namespace Ticketing.Application.Sla;

/// <summary>
/// A ticket a rule may fire for now: open, its clock running, the rule not yet fired for this target and
/// spell. <see cref="Cycle"/> counts the times the ticket was reopened, so a reopened ticket escalates again.
/// </summary>
public sealed record EscalationCandidate(
    EscalationRule Rule,
    Guid TicketId,
    int Cycle,
    DateTimeOffset DueAt,
    int TargetMinutes,
    bool BusinessHours,
    Guid? CalendarId);

/// <summary>Where an evaluation round's keyset scan stopped.</summary>
public readonly record struct EscalationCursor(Guid TicketId, Guid RuleId);

/// <summary>How a firing ended, as the admin page and the ticket's history tell it.</summary>
public enum EscalationOutcome
{
    /// <summary>Claimed; its action has not reported yet.</summary>
    Pending = 0,
    Done = 1,
    Failed = 2,
}

/// <summary>One firing as shown: on the rules page (with the ticket) and in a ticket's history.</summary>
public sealed record EscalationFiringView(
    long Id,
    Guid? RuleId,
    string Rule,
    Guid TicketId,
    string TicketNumber,
    EscalationTarget Target,
    DateTimeOffset FiredAt,
    EscalationOutcome Outcome,
    string? Result);
