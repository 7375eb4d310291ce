using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels;

/// <summary>The single mail settings row.</summary>
public interface IMailSettingsStore
{
    /// <summary>The row (tracked: <see cref="SaveAsync"/> writes changes), or null before mail was ever configured.</summary>
    Task<MailSettings?> GetAsync(CancellationToken cancellationToken);

    Task SaveAsync(MailSettings settings, CancellationToken cancellationToken);

    /// <summary>Records where the IMAP poll got to (never moves back within one UIDVALIDITY).</summary>
    Task RecordPollAsync(long uidValidity, long lastUid, DateTimeOffset at, string? error, CancellationToken cancellationToken);
}

/// <summary>An SMTP connection to send a round of e-mails over.</summary>
public interface IEmailSender
{
    /// <summary>Connects and signs in; <see cref="EmailDeliveryException"/> when it cannot.</summary>
    Task<IEmailSession> ConnectAsync(MailSettings settings, CancellationToken cancellationToken);
}

public interface IEmailSession : IAsyncDisposable
{
    /// <summary>Sends one e-mail; <see cref="EmailDeliveryException"/> says whether trying again may help.</summary>
    Task SendAsync(OutboundEmail email, MailSettings settings, CancellationToken cancellationToken);
}

/// <summary>
/// A failed send. <see cref="Transient"/>: a 4xx reply, a dropped or refused connection, a timeout — try
/// again later. Otherwise the server refused for good (5xx, e.g. an unknown recipient) or nothing
/// can be sent as configured.
/// </summary>
public sealed class EmailDeliveryException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;

    /// <summary>Whether the connection is still usable for the next e-mail of the round.</summary>
    public bool ConnectionLost { get; init; }
}

/// <summary>The IT mailbox, read over IMAP.</summary>
public interface IMailboxReader
{
    Task<IMailboxSession> OpenAsync(MailSettings settings, CancellationToken cancellationToken);
}

public interface IMailboxSession : IAsyncDisposable
{
    long UidValidity { get; }

    /// <summary>The UIDs above <paramref name="afterUid"/>, ascending, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<long>> NewUidsAsync(long afterUid, int max, CancellationToken cancellationToken);

    /// <summary>One message; its attachments are read from a temporary file as they are uploaded.</summary>
    Task<InboundMessage> FetchAsync(long uid, CancellationToken cancellationToken);
}

/// <summary>An e-mail read from the mailbox, with what the rules need of it.</summary>
public sealed class InboundMessage(
    string messageId,
    string? fromAddress,
    string? fromName,
    IReadOnlyList<string> recipients,
    string subject,
    string textBody,
    IReadOnlyDictionary<string, string> headers,
    IReadOnlyList<string> referencedMessageIds,
    IReadOnlyList<InboundAttachment> attachments,
    bool isDeliveryReport,
    IAsyncDisposable? resources = null) : IAsyncDisposable
{
    /// <summary>Without angle brackets; a digest of the message when it had none.</summary>
    public string MessageId { get; } = messageId;

    /// <summary>The sender (<c>From</c>); null for a null sender.</summary>
    public string? FromAddress { get; } = fromAddress;

    public string? FromName { get; } = fromName;

    /// <summary>Every address it was sent to: To, Cc, Delivered-To, X-Original-To.</summary>
    public IReadOnlyList<string> Recipients { get; } = recipients;

    public string Subject { get; } = subject;

    /// <summary>The text body (or the HTML body as text when there is none).</summary>
    public string TextBody { get; } = textBody;

    /// <summary>The headers the rules read, by lower-case name (first value).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    /// <summary>In-Reply-To and References, without angle brackets.</summary>
    public IReadOnlyList<string> ReferencedMessageIds { get; } = referencedMessageIds;

    public IReadOnlyList<InboundAttachment> Attachments { get; } = attachments;

    /// <summary>A <c>multipart/report</c> (a delivery status notification).</summary>
    public bool IsDeliveryReport { get; } = isDeliveryReport;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public ValueTask DisposeAsync() => resources?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>An attached file, opened as a stream when it is uploaded (never held whole in memory).</summary>
public sealed record InboundAttachment(string FileName, string ContentType, long? ApproximateBytes, Func<Stream> Open);

/// <summary>E-mails read from the IT mailbox (<c>inbound_emails</c>), one row per Message-ID.</summary>
public interface IInboundEmailStore
{
    /// <summary>The row for the Message-ID, inserted as pending when new.</summary>
    Task<InboundEmail> BeginAsync(string messageId, string fromAddress, string subject, DateTimeOffset at, CancellationToken cancellationToken);

    Task CompleteAsync(long id, InboundOutcome outcome, string? detail, string? ticketExternalId, string? ticketNumber, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Counts an attempt that could not finish (Championship IT unreachable); the row stays pending.</summary>
    Task RecordAttemptAsync(long id, string error, CancellationToken cancellationToken);

    Task<IReadOnlyList<InboundEmail>> GetRecentAsync(int count, CancellationToken cancellationToken);
}

/// <summary>Posts to an incoming webhook.</summary>
public interface IChatPoster
{
    Task<ChatPostOutcome> PostAsync(string webhookUrl, string payloadJson, CancellationToken cancellationToken);
}

/// <summary>What a webhook answered.</summary>
public abstract record ChatPostOutcome
{
    public sealed record Delivered : ChatPostOutcome;

    /// <summary>429: wait <see cref="Wait"/> (from <c>Retry-After</c>, or the default when it sent none).</summary>
    public sealed record Throttled(TimeSpan? Wait) : ChatPostOutcome;

    /// <summary>5xx, a timeout, a refused connection: try again later.</summary>
    public sealed record Transient(string Reason) : ChatPostOutcome;

    /// <summary>400, 403, 404, 410 …: the webhook refuses this post for good.</summary>
    public sealed record Refused(string Reason) : ChatPostOutcome;
}

/// <summary>The users' secret calendar addresses.</summary>
public interface ICalendarFeedStore
{
    /// <summary>The user whose current token hashes to <paramref name="tokenHash"/>, or null.</summary>
    Task<string?> FindUserAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Replaces the user's token (the old address stops working at once).</summary>
    Task ReplaceAsync(string userId, string tokenHash, string tokenProtected, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The user's current token, protected, or null when they have none.</summary>
    Task<string?> GetProtectedTokenAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>A ticket with a due date on a user's calendar.</summary>
public sealed record CalendarTicket(
    Guid Id,
    string TicketNumber,
    string Title,
    Domain.Tickets.TicketStatus Status,
    Domain.Tickets.TicketPriority Priority,
    string? AssigneeName,
    DateTimeOffset? DueDate,
    DateTimeOffset UpdatedAt,
    bool Assigned,
    bool Followed);

/// <summary>The tickets a user's calendar shows.</summary>
public interface ICalendarTicketReader
{
    /// <summary>Live, unresolved tickets with a due date, assigned to or followed by the user.</summary>
    Task<IReadOnlyList<CalendarTicket>> GetAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Writes an iCalendar document.</summary>
public interface ICalendarWriter
{
    string Write(string calendarName, IReadOnlyList<CalendarEvent> events);
}

/// <summary>One event: <see cref="Uid"/> stays the same for a ticket, so a moved due date updates the event.</summary>
public sealed record CalendarEvent(string Uid, string Summary, string Description, string Url, DateTimeOffset Start, DateTimeOffset LastModified);

/// <summary>The mail server could not be reached or refused the sign-in (IMAP); the message says which, in words.</summary>
public sealed class MailServerException(string message, Exception? inner = null) : Exception(message, inner);
