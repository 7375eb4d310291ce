namespace Ticketing.Application.Retention;

/// <summary>
/// How long each kind of PHI-bearing record is kept (section <c>Ticketing:Retention</c>; docs/security.md,
/// "Retention"). The daily retention job deletes what is older; each value is at least one day.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Ticketing:Retention";

    /// <summary>The audit log (HIPAA asks six years of documentation, 45 CFR 164.316(b)(2)).</summary>
    public int AuditDays { get; set; } = 2192;

    /// <summary>Field history of tickets (old and new titles, assignees …).</summary>
    public int HistoryDays { get; set; } = 2192;

    /// <summary>Ticket events once notifications were made from them.</summary>
    public int EventDays { get; set; } = 30;

    /// <summary>Writes to Championship IT once delivered or refused (their payload holds comment text).</summary>
    public int OutboxDays { get; set; } = 30;

    /// <summary>E-mails once sent or given up (their bodies quote tickets).</summary>
    public int EmailDays { get; set; } = 30;

    /// <summary>
    /// A webhook message's body is reduced to nothing as soon as it is applied; a message that could not be
    /// applied keeps it this long for diagnosis, then loses it too (its id, type and times stay for de-duplication).
    /// </summary>
    public int FailedWebhookBodyDays { get; set; } = 7;
}
