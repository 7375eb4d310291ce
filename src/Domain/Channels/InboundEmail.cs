namespace Ticketing.Domain.Channels;

public enum InboundOutcome
{
    /// <summary>Recorded, not acted on yet (or a crash left it half way: the next poll finishes it).</summary>
    Pending = 0,

    TicketCreated = 1,

    CommentAdded = 2,

    /// <summary>An auto-reply, a bounce, a reply to a digest: nothing to do.</summary>
    Ignored = 3,

    /// <summary>A reply from someone who may not reply to that ticket.</summary>
    Refused = 4,

    /// <summary>Could not be acted on after every attempt (e.g. Championship IT refused it).</summary>
    Failed = 5,
}

/// <summary>
/// One e-mail read from the IT mailbox (<c>inbound_emails</c>), unique by its <c>Message-ID</c>: the same
/// mail read twice (a second poll, a resend) is acted on once.
/// </summary>
public sealed class InboundEmail
{
    public long Id { get; set; }

    public required string MessageId { get; set; }

    public required string FromAddress { get; set; }

    public required string Subject { get; set; }

    public InboundOutcome Outcome { get; set; }

    /// <summary>Why it was ignored, refused or failed; what was created otherwise.</summary>
    public string? Detail { get; set; }

    public string? TicketExternalId { get; set; }

    public string? TicketNumber { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}
