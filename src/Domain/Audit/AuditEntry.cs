namespace Ticketing.Domain.Audit;

/// <summary>
/// One thing that happened, who did it, when and from where (<c>audit_log</c>). The log is append-only
/// and tamper-evident: the database numbers each entry in <see cref="Sequence"/> and chains it to the one
/// before with <see cref="Hash"/> (see docs/security.md). Details never hold secrets: they are masked
/// before an entry is written.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>The entry's place in the hash chain (1, 2, 3 …), set by the database under the chain's lock.</summary>
    public long Sequence { get; set; }

    /// <summary>SHA-256 of the entry's canonical form and the previous entry's hash, set by the database.</summary>
    public byte[] Hash { get; set; } = [];

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The Identity user, or null for the system (jobs, webhooks) and failed sign-ins.</summary>
    public string? UserId { get; set; }

    /// <summary>Who, as shown to admins (a user name, "system").</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, e.g. <c>ticket.update</c>, <c>settings.update</c>, <c>user.sign_in_failed</c>.</summary>
    public required string Action { get; set; }

    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>The client's address (behind a configured proxy, the address the proxy saw); null for the system.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The tickets a view, search, export or change touched, when the entry is about tickets; otherwise null.</summary>
    public IReadOnlyList<string>? TicketIds { get; set; }

    /// <summary>A JSON object with what changed (old and new values, masked where secret).</summary>
    public string DetailsJson { get; set; } = "{}";
}
