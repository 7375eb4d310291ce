using Ticketing.Application.Sla;
using Ticketing.Domain.Sla;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Escalation rules of the SLA policies and their firings (<c>escalation_rules</c>, <c>escalation_firings</c>).</summary>
public interface IEscalationStore
{
    Task<IReadOnlyList<EscalationRule>> ListRulesAsync(Guid policyId, CancellationToken cancellationToken);

    Task<EscalationRule?> FindRuleAsync(Guid id, CancellationToken cancellationToken);

    Task AddRuleAsync(EscalationRule rule, CancellationToken cancellationToken);

    Task<bool> DeleteRuleAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> (ticket, rule) pairs after <paramref name="after"/>, in that order, whose
    /// rule has not fired for the ticket's target and spell: the ticket open and its clock running (from
    /// <c>ticket_sla</c>), the target not met. Breach triggers and calendar-hour percentages are narrowed in SQL;
    /// business-hour percentages are left to the caller's arithmetic.
    /// </summary>
    Task<IReadOnlyList<EscalationCandidate>> GetCandidatesAsync(DateTimeOffset now, EscalationCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the firing (its unique key: rule, ticket, target, spell) with <c>INSERT … ON CONFLICT DO NOTHING</c>:
    /// its id when this caller claimed it, null when it had fired already — the caller then does nothing.
    /// </summary>
    Task<long?> TryClaimAsync(EscalationCandidate candidate, string ruleText, DateTimeOffset at, CancellationToken cancellationToken);

    Task CompleteAsync(long firingId, EscalationOutcome outcome, string result, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Firings claimed before <paramref name="claimedBefore"/> whose action never reported (the instance
    /// stopped midway), with what they need to act again; their actions are keyed by the firing, so a
    /// repeat adds nothing twice.
    /// </summary>
    Task<IReadOnlyList<(long FiringId, EscalationCandidate Candidate)>> GetStalledAsync(DateTimeOffset claimedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>The users a notify rule reaches for a ticket assigned to <paramref name="assigneeAgentId"/>.</summary>
    Task<IReadOnlyList<string>> UsersToNotifyAsync(EscalationRule rule, string? assigneeAgentId, CancellationToken cancellationToken);

    /// <summary>The newest firings of a policy's rules, newest first.</summary>
    Task<IReadOnlyList<EscalationFiringView>> RecentFiringsAsync(Guid policyId, int limit, CancellationToken cancellationToken);

    /// <summary>A ticket's firings, oldest first.</summary>
    Task<IReadOnlyList<EscalationFiringView>> ForTicketAsync(Guid ticketId, CancellationToken cancellationToken);
}
