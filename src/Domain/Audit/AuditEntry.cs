namespace Ticketing.Domain.Audit;

/// <summary>
/// One change to data, who made it and when (<c>audit_log</c>). Details never hold secrets: they are
/// masked before an entry is written.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The Identity user, or null for the system (jobs, webhooks) and failed sign-ins.</summary>
    public string? UserId { get; set; }

    /// <summary>Who, as shown to admins (a user name, "system").</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, e.g. <c>ticket.update</c>, <c>settings.update</c>, <c>user.sign_in_failed</c>.</summary>
    public required string Action { get; set; }

    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>A JSON object with what changed (old and new values, masked where secret).</summary>
    public string DetailsJson { get; set; } = "{}";
}
