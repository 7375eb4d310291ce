using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Outbox;

/// <summary>
/// The fields of a queued update: as the author saw them, and as they asked for them; and tags to
/// add (a bulk edit's "add tag"), which join whatever tags the ticket has when it is delivered.
/// </summary>
public sealed record QueuedUpdate(TicketEditableFields Before, TicketEditableFields After, IReadOnlyList<string>? AddTags = null)
{
    /// <summary>The fields the author changed; only these are sent.</summary>
    public IReadOnlyList<string> Fields => After.ChangedFrom(Before);

    /// <summary><paramref name="current"/> with the tags to add, or null when it has them all already.</summary>
    public string[]? TagsOver(IReadOnlyList<string> current)
    {
        var missing = (AddTags ?? []).Where(t => !current.Contains(t, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? null : [.. current, .. missing];
    }
}

/// <summary>A queued reply or internal note, with its author as the remote is to show them.</summary>
public sealed record QueuedComment(string Body, CommentVisibility Visibility, string? AuthorName, string? AuthorEmail)
{
    public RemoteCommentCreate ToRemote() => new(Body, Visibility, AuthorName, AuthorEmail);
}

/// <summary>How queued writes are stored in <c>ticket_outbox.payload</c>.</summary>
/// <summary>A queued upload: what to send with its bytes (<c>attachment_outbox</c>) and the Idempotency-Key of the write.</summary>
public sealed record QueuedAttachment(string FileName, string ContentType, long SizeBytes, string? UploadedByName);

public static class OutboxPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Of(RemoteTicketCreate create) => JsonSerializer.Serialize(create, Json);

    public static string Of(QueuedUpdate update) => JsonSerializer.Serialize(update, Json);

    public static string Of(QueuedComment comment) => JsonSerializer.Serialize(comment, Json);

    public static string Of(QueuedAttachment attachment) => JsonSerializer.Serialize(attachment, Json);

    public static QueuedAttachment ReadAttachment(string json) =>
        JsonSerializer.Deserialize<QueuedAttachment>(json, Json) is { FileName.Length: > 0, ContentType.Length: > 0 } attachment
            ? attachment
            : throw new InvalidDataException("A queued upload has no file name or type.");

    public static RemoteTicketCreate ReadCreate(string json) =>
        JsonSerializer.Deserialize<RemoteTicketCreate>(json, Json) ?? throw new InvalidDataException("A queued create has no body.");

    public static QueuedUpdate ReadUpdate(string json) =>
        JsonSerializer.Deserialize<QueuedUpdate>(json, Json) ?? throw new InvalidDataException("A queued update has no body.");

    public static QueuedComment ReadComment(string json) =>
        JsonSerializer.Deserialize<QueuedComment>(json, Json) is { Body.Length: > 0 } comment
            ? comment
            : throw new InvalidDataException("A queued comment has no body.");

    /// <summary>
    /// Whether a failure means "Championship IT is not answering right now" (queue the write and
    /// deliver it later) rather than a refusal or a setup problem the user must hear about now.
    /// </summary>
    public static bool IsOutage(Exception exception) =>
        exception is RemoteUnavailableException
        {
            Reason: RemoteUnavailableReason.Timeout or RemoteUnavailableReason.NetworkError or RemoteUnavailableReason.ServerError
                or RemoteUnavailableReason.RateLimited or RemoteUnavailableReason.CircuitOpen,
        };
}
