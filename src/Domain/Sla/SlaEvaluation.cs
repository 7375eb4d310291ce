using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Sla;

/// <summary>A status the ticket took at <see cref="At"/> (from <c>ticket_history</c>).</summary>
public readonly record struct StatusChange(DateTimeOffset At, TicketStatus? From, TicketStatus To);

/// <summary>What the SLA of one ticket needs to know about it.</summary>
public sealed record SlaTicketFacts(
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TicketStatus Status,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? FirstAgentReplyAt,
    IReadOnlyList<StatusChange> StatusChanges);

/// <summary>
/// One ticket's SLA under its policy at a moment (a row of <c>ticket_sla</c>). <see cref="NextChangeAt"/> is
/// when the state next changes by the passing of time alone (at risk, then breached); null when only a
/// change to the ticket can change it.
/// </summary>
public sealed record SlaEvaluation(
    DateTimeOffset? FirstResponseDueAt,
    DateTimeOffset? FirstResponseAt,
    SlaState FirstResponseState,
    DateTimeOffset? ResolutionDueAt,
    SlaState ResolutionState,
    TimeSpan Paused,
    bool IsPaused,
    SlaState State,
    DateTimeOffset? NextChangeAt)
{
    /// <summary>The share of a target that must have run before an open ticket is "at risk".</summary>
    public const double AtRiskShare = 0.75;

    /// <summary>
    /// Evaluates a ticket under a policy at <paramref name="now"/>. Both clocks start at creation and
    /// stand still while the ticket is pending or on hold when the policy says so. A ticket mirrored
    /// without any status history is taken to have held its current status since its last update
    /// (<see cref="SlaTicketFacts.UpdatedAt"/>) and the status it was created with before that is
    /// unknown, so it counts as running (see docs/sla.md).
    /// </summary>
    public static SlaEvaluation Evaluate(SlaPolicy policy, BusinessCalendar? calendar, SlaTicketFacts ticket, DateTimeOffset now)
    {
        var pauses = policy.PauseWhileWaiting ? PausesOf(ticket) : [];
        var clock = new SlaClock(policy.BusinessHours ? calendar : null, pauses);
        var stoppedAt = ticket.Status.IsFinal() ? ticket.ResolvedAt ?? ticket.UpdatedAt : now;
        var paused = clock.PausedBetween(ticket.CreatedAt, stoppedAt < now ? stoppedAt : now);
        var isPaused = ticket.Status.IsActive() && clock.IsPausedAt(now);

        var firstDue = clock.Add(ticket.CreatedAt, policy.FirstResponseTarget);
        var resolutionDue = clock.Add(ticket.CreatedAt, policy.ResolutionTarget);

        if (ticket.Status == TicketStatus.Cancelled)
        {
            return new SlaEvaluation(firstDue, ticket.FirstAgentReplyAt, SlaState.NotApplicable, resolutionDue, SlaState.NotApplicable,
                paused, false, SlaState.NotApplicable, null);
        }

        var resolvedAt = ticket.Status.IsResolved() ? ticket.ResolvedAt ?? ticket.UpdatedAt : (DateTimeOffset?)null;

        // A ticket resolved without a public reply has been answered by its resolution.
        var respondedAt = ticket.FirstAgentReplyAt ?? resolvedAt;
        var firstState = StateOf(clock, ticket.CreatedAt, policy.FirstResponseTarget, firstDue, respondedAt, now);
        var resolutionState = StateOf(clock, ticket.CreatedAt, policy.ResolutionTarget, resolutionDue, resolvedAt, now);
        DateTimeOffset? next = null;
        if (ticket.Status.IsActive())
        {
            if (respondedAt is null)
            {
                next = Earliest(next, clock.Add(ticket.CreatedAt, policy.FirstResponseTarget * AtRiskShare), now);
                next = Earliest(next, firstDue, now);
            }

            next = Earliest(next, clock.Add(ticket.CreatedAt, policy.ResolutionTarget * AtRiskShare), now);
            next = Earliest(next, resolutionDue, now);
        }

        return new SlaEvaluation(firstDue, ticket.FirstAgentReplyAt, firstState, resolutionDue, resolutionState, paused, isPaused,
            Worst(firstState, resolutionState), next);
    }

    /// <summary>The earlier of two instants, ignoring one that is not after <paramref name="now"/>.</summary>
    private static DateTimeOffset? Earliest(DateTimeOffset? current, DateTimeOffset? candidate, DateTimeOffset now) =>
        candidate is { } c && c > now && (current is null || c < current) ? c : current;

    /// <summary>The spans in which the ticket waited (pending or on hold), from its status history.</summary>
    public static IReadOnlyList<Interval> PausesOf(SlaTicketFacts ticket)
    {
        var pauses = new List<Interval>();
        if (ticket.StatusChanges.Count == 0)
        {
            if (IsWaiting(ticket.Status))
            {
                pauses.Add(new Interval(ticket.UpdatedAt, DateTimeOffset.MaxValue));
            }

            return pauses;
        }

        var changes = ticket.StatusChanges.OrderBy(c => c.At).ToList();
        DateTimeOffset? waitingSince = changes[0].From is { } initial && IsWaiting(initial) ? ticket.CreatedAt : null;
        foreach (var change in changes)
        {
            if (IsWaiting(change.To))
            {
                waitingSince ??= change.At;
            }
            else if (waitingSince is { } since)
            {
                pauses.Add(new Interval(since, change.At));
                waitingSince = null;
            }
        }

        if (waitingSince is { } open)
        {
            pauses.Add(new Interval(open, DateTimeOffset.MaxValue));
        }

        return pauses;
    }

    public static bool IsWaiting(TicketStatus status) => status is TicketStatus.Pending or TicketStatus.OnHold;

    private static SlaState StateOf(SlaClock clock, DateTimeOffset start, TimeSpan target, DateTimeOffset? due, DateTimeOffset? doneAt, DateTimeOffset now)
    {
        if (doneAt is { } done)
        {
            return due is { } d && done > d ? SlaState.Breached : SlaState.Met;
        }

        if (due is not { } dueAt)
        {
            return SlaState.OnTrack;
        }

        if (now > dueAt)
        {
            return SlaState.Breached;
        }

        return target > TimeSpan.Zero && clock.Measure(start, now) >= target * AtRiskShare ? SlaState.AtRisk : SlaState.OnTrack;
    }

    private static SlaState Worst(SlaState first, SlaState resolution) =>
        first == SlaState.Breached || resolution == SlaState.Breached ? SlaState.Breached
        : first == SlaState.AtRisk || resolution == SlaState.AtRisk ? SlaState.AtRisk
        : resolution;
}
