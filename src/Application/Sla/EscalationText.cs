using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sla;

/// <summary>Escalation rules and firings in words, for the admin page, the ticket's history and the messages.</summary>
public static class EscalationText
{
    public static string Target(EscalationTarget target) => target == EscalationTarget.FirstResponse ? "first response" : "resolution";

    public static string When(EscalationRule rule) => rule.Trigger switch
    {
        EscalationTrigger.AtBreach => $"at the {Target(rule.Target)} breach",
        EscalationTrigger.HoursAfterBreach => $"{rule.HoursAfterBreach} h after the {Target(rule.Target)} breach",
        _ => $"at {rule.Percent} % of the {Target(rule.Target)} time",
    };

    public static string What(EscalationRule rule, string? channelName = null) => rule.Action switch
    {
        EscalationAction.NotifyAssignee => "notify the assignee",
        EscalationAction.NotifyRole => $"notify every {rule.Role}",
        EscalationAction.NotifyUsers => $"notify {string.Join(", ", rule.UserEmails)}",
        EscalationAction.PostToChannel => $"post to {channelName ?? "a chat channel"}",
        EscalationAction.RaisePriority => $"raise the priority to {Priority(rule.Priority)}",
        _ => $"reassign to {rule.AssigneeName ?? rule.AssigneeId}",
    };

    /// <summary>"At 75 % of the resolution time: notify the assignee".</summary>
    public static string Describe(EscalationRule rule, string? channelName = null)
    {
        var when = When(rule);
        return $"{char.ToUpperInvariant(when[0])}{when[1..]}: {What(rule, channelName)}";
    }

    public static string Priority(TicketPriority? priority) => priority?.ToString() ?? "—";

    public static string Outcome(EscalationOutcome outcome, string? result) => outcome switch
    {
        EscalationOutcome.Pending => "in progress",
        EscalationOutcome.Failed => $"failed: {result}",
        _ => result ?? "done",
    };
}
