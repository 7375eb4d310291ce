using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Sla;

/// <summary>Which promise of a policy an escalation rule watches.</summary>
public enum EscalationTarget
{
    FirstResponse = 0,
    Resolution = 1,
}

/// <summary>When an escalation rule fires.</summary>
public enum EscalationTrigger
{
    /// <summary>When <see cref="EscalationRule.Percent"/> % of the target's time has run.</summary>
    ElapsedPercent = 0,

    /// <summary>When the target's due time passes.</summary>
    AtBreach = 1,

    /// <summary><see cref="EscalationRule.HoursAfterBreach"/> hours (every hour counts) after the due time.</summary>
    HoursAfterBreach = 2,
}

/// <summary>What an escalation rule does when it fires.</summary>
public enum EscalationAction
{
    NotifyAssignee = 0,
    NotifyRole = 1,
    NotifyUsers = 2,
    PostToChannel = 3,
    RaisePriority = 4,
    Reassign = 5,
}

/// <summary>
/// An escalation rule of an SLA policy (<c>escalation_rules</c>): when a share of a target has run, at the
/// breach or some hours after it, do one thing. It fires once per ticket, target and open spell of the
/// ticket (a reopened ticket starts a new spell), see <c>escalation_firings</c>.
/// </summary>
public sealed class EscalationRule
{
    public const int MaxUsers = 20;

    public Guid Id { get; set; }

    public Guid PolicyId { get; set; }

    public EscalationTarget Target { get; set; }

    public EscalationTrigger Trigger { get; set; }

    /// <summary>For <see cref="EscalationTrigger.ElapsedPercent"/>: 1–99.</summary>
    public int? Percent { get; set; }

    /// <summary>For <see cref="EscalationTrigger.HoursAfterBreach"/>: at least 1.</summary>
    public int? HoursAfterBreach { get; set; }

    public EscalationAction Action { get; set; }

    /// <summary>For <see cref="EscalationAction.NotifyRole"/>.</summary>
    public string? Role { get; set; }

    /// <summary>For <see cref="EscalationAction.NotifyUsers"/>: the users' e-mail addresses.</summary>
    public string[] UserEmails { get; set; } = [];

    /// <summary>For <see cref="EscalationAction.PostToChannel"/>.</summary>
    public Guid? ChannelId { get; set; }

    /// <summary>For <see cref="EscalationAction.RaisePriority"/>: the priority the ticket is raised to (never lowered).</summary>
    public TicketPriority? Priority { get; set; }

    /// <summary>For <see cref="EscalationAction.Reassign"/>: Championship IT's agent id, and the name shown.</summary>
    public string? AssigneeId { get; set; }

    public string? AssigneeName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Whether the rule is due at <paramref name="now"/> for a target of length <paramref name="target"/> due at
    /// <paramref name="due"/>, counted in <paramref name="calendar"/>'s hours (null: every hour). The clock must be
    /// running now (the ticket open and not waiting): a pause lies in the past then, so the time left is the
    /// working time between now and the due time, and the time run is the target minus that.
    /// </summary>
    public bool IsDue(TimeSpan target, DateTimeOffset due, BusinessCalendar? calendar, DateTimeOffset now) => Trigger switch
    {
        EscalationTrigger.AtBreach => now >= due,
        EscalationTrigger.HoursAfterBreach => now >= due + TimeSpan.FromHours(HoursAfterBreach ?? 0),
        _ => ElapsedShare(target, due, calendar, now) * 100 >= (Percent ?? 100),
    };

    /// <summary>The share (0–1) of <paramref name="target"/> that has run at <paramref name="now"/>.</summary>
    public static double ElapsedShare(TimeSpan target, DateTimeOffset due, BusinessCalendar? calendar, DateTimeOffset now)
    {
        if (target <= TimeSpan.Zero || now >= due)
        {
            return 1;
        }

        var left = new SlaClock(calendar, []).Measure(now, due);
        var run = target - left;
        return run <= TimeSpan.Zero ? 0 : Math.Min(1, run / target);
    }

    /// <summary>
    /// The due time a rule compares with, for a ticket whose targets are due at these times; null when the
    /// target does not apply (met, or no due time while the clock is paused).
    /// </summary>
    public DateTimeOffset? DueOf(DateTimeOffset? firstResponseDue, DateTimeOffset? firstResponseAt, DateTimeOffset? resolutionDue) =>
        Target == EscalationTarget.FirstResponse ? (firstResponseAt is null ? firstResponseDue : null) : resolutionDue;
}
