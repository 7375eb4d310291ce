using Ticketing.Domain.Phi;

namespace Ticketing.Application.Phi;

/// <summary>
/// Which tickets hold protected health information (PHI): the flag the database keeps for every ticket
/// in the mirror, set by the classification rules on each write (<c>ticket_phi</c>). Other areas (triage,
/// analytics) ask here; nobody re-evaluates the rules by themselves.
/// </summary>
public interface IPhiClassification
{
    /// <summary>The tickets among <paramref name="ticketIds"/> flagged as PHI, in one round trip.</summary>
    Task<IReadOnlySet<Guid>> PhiAmongAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken);

    /// <summary>
    /// The tickets among <paramref name="ticketIds"/> flagged as PHI with their numbers and rules, in one
    /// round trip: what an audit entry of a change names.
    /// </summary>
    Task<IReadOnlyList<PhiTicket>> PhiTicketsAmongAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken);

    /// <summary>The flag of one ticket and the rule that set it, or null when it holds no PHI.</summary>
    Task<PhiFlag?> GetAsync(Guid ticketId, CancellationToken cancellationToken);
}

/// <summary>A ticket flagged as PHI, by <see cref="RuleName"/> (kept when the rule is deleted, until re-classified).</summary>
public sealed record PhiFlag(Guid TicketId, long? RuleId, string RuleName, DateTimeOffset ClassifiedAt);

/// <summary>A ticket flagged as PHI, by its number, and the rule that flagged it.</summary>
public sealed record PhiTicket(Guid TicketId, string TicketNumber, string RuleName);

/// <summary>An admin-defined classification rule.</summary>
public sealed record PhiRule(long Id, string Name, PhiRuleKind Kind, string? Field, string Value, bool Enabled, DateTimeOffset UpdatedAt);

/// <summary>
/// Where re-classification after a rule change stands: it restarts from the first ticket whenever the
/// rules change, and goes on from <c>cursor</c> after a restart of the app (resumable).
/// </summary>
public sealed record PhiReclassification(bool Running, long Processed, long Total, long Flagged, DateTimeOffset? RequestedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>Whole per cent done, 100 when idle.</summary>
    public int Percent => !Running ? 100 : Total == 0 ? 0 : (int)Math.Min(99, Processed * 100 / Total);
}

/// <summary>The rules, their checks and the background re-classification (<c>phi_rules</c>, <c>phi_reclassification</c>).</summary>
public interface IPhiRuleStore
{
    Task<IReadOnlyList<PhiRule>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a rule and asks for a re-classification of every ticket, in one transaction.</summary>
    Task<long> AddAsync(string name, PhiRuleKind kind, string? field, string value, CancellationToken cancellationToken);

    /// <summary>Switches a rule on or off (re-classification asked); false when there is no such rule.</summary>
    Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken);

    /// <summary>Deletes a rule (re-classification asked; its flags stay until then); false when there is no such rule.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>PostgreSQL's objection to <paramref name="pattern"/> as a regular expression, or null when it accepts it.</summary>
    Task<string?> CheckPatternAsync(string pattern, CancellationToken cancellationToken);

    Task<PhiReclassification> GetProgressAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Classifies the next <paramref name="batchSize"/> tickets after the saved cursor against the current
    /// rules and saves the cursor, in one transaction; marks the run finished after the last ticket.
    /// Does nothing when no run is asked for.
    /// </summary>
    Task<PhiReclassification> ReclassifyBatchAsync(int batchSize, CancellationToken cancellationToken);
}

/// <summary>A user and whether they hold the PHI access permission.</summary>
public sealed record PhiAccessHolder(string UserId, string Email, string? DisplayName, bool HasAccess, bool IsAdmin);

/// <summary>The PHI access permission and break-glass grants.</summary>
public interface IPhiAccessStore
{
    Task<IReadOnlyList<PhiAccessHolder>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Grants or revokes the permission (a user claim) and renews the user's security stamp, so their
    /// session picks up the change at its next validation; null when there is no such user.
    /// </summary>
    Task<PhiAccessHolder?> SetAsync(string userId, bool hasAccess, CancellationToken cancellationToken);

    /// <summary>Whether the user holds the permission now (for reads made without a sign-in, e.g. the calendar feed).</summary>
    Task<bool> HasAccessAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Whether the user has a break-glass grant for the ticket that has not expired at <paramref name="now"/>.</summary>
    Task<DateTimeOffset?> BreakGlassUntilAsync(string userId, Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The user's break-glass grants among <paramref name="ticketIds"/> that have not expired at <paramref name="now"/>,
    /// each with when it ends; one query however many tickets (a bulk edit's rows).
    /// </summary>
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>> BreakGlassGrantsAsync(
        string userId, IReadOnlyCollection<Guid> ticketIds, DateTimeOffset now, CancellationToken cancellationToken);

    Task AddBreakGlassAsync(string userId, Guid ticketId, string reason, DateTimeOffset grantedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The ids of the users in the admin role (told of every break-glass access).</summary>
    Task<IReadOnlyList<string>> AdminUserIdsAsync(CancellationToken cancellationToken);
}
