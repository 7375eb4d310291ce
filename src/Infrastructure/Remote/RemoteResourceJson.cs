using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// Reads the objects contract 1.1 added (comments, tombstones, attachments, agents) the way
/// <see cref="RemoteTicketJson"/> reads tickets: per record, every problem named, unknown fields ignored.
/// </summary>
public static class RemoteResourceJson
{
    // The columns' sizes (and the contract's limits): a longer value fails its record, not the batch.
    private const int MaxIdLength = 128;
    private const int MaxNameLength = 200;
    private const int MaxEmailLength = 320;
    private const int MaxCommentLength = 20_000;
    private const int MaxFileNameLength = 1024;
    private const int MaxContentTypeLength = 255;

    /// <summary>A comment; a missing <c>visibility</c> is public (the contract's default), an unknown one fails the record.</summary>
    public static bool TryReadComment(JsonElement item, [NotNullWhen(true)] out TicketComment? comment, [NotNullWhen(false)] out RemoteRecordError? error)
    {
        comment = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = new RemoteRecordError(null, $"The comment is not a JSON object but {RemoteTicketJson.Describe(item.ValueKind)}.");
            return false;
        }

        var problems = new List<string>();
        var id = RemoteTicketJson.RequiredString(item, "id", MaxIdLength, problems);
        var author = RemoteTicketJson.OptionalString(item, "author_name", MaxNameLength, problems);
        var email = RemoteTicketJson.OptionalString(item, "author_email", MaxEmailLength, problems);
        var body = RemoteTicketJson.RequiredString(item, "body", MaxCommentLength, problems);
        var createdAt = RemoteTicketJson.RequiredTimestamp(item, "created_at", problems);
        var visibility = CommentVisibility.Public;
        var visibilityText = RemoteTicketJson.OptionalString(item, "visibility", MaxNameLength, problems);
        if (visibilityText is not null && !WireName<CommentVisibility>.TryParse(visibilityText, out visibility))
        {
            problems.Add($"Unknown visibility '{visibilityText}' (expected one of {string.Join(", ", WireName<CommentVisibility>.Names)}).");
        }

        if (problems.Count > 0)
        {
            error = new RemoteRecordError(id, "Comment: " + string.Join(" ", problems));
            return false;
        }

        comment = new TicketComment
        {
            ExternalCommentId = id!,
            AuthorName = author,
            AuthorEmail = email,
            Body = body!,
            Visibility = visibility,
            CreatedAt = createdAt,
        };
        error = null;
        return true;
    }

    /// <summary>The id and <c>created_at</c> of a comment, which page its stream.</summary>
    public static bool TryReadCommentKey(JsonElement item, [NotNullWhen(true)] out string? id, out DateTimeOffset createdAt) =>
        TryReadKey(item, "created_at", out id, out createdAt);

    public static bool TryReadTombstone(JsonElement item, [NotNullWhen(true)] out RemoteTombstone? tombstone, [NotNullWhen(false)] out RemoteRecordError? error)
    {
        tombstone = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = new RemoteRecordError(null, $"The deletion is not a JSON object but {RemoteTicketJson.Describe(item.ValueKind)}.");
            return false;
        }

        var problems = new List<string>();
        var id = RemoteTicketJson.RequiredString(item, "id", MaxIdLength, problems);
        var deletedAt = RemoteTicketJson.RequiredTimestamp(item, "deleted_at", problems);
        if (problems.Count > 0)
        {
            error = new RemoteRecordError(id, "Deletion: " + string.Join(" ", problems));
            return false;
        }

        tombstone = new RemoteTombstone(id!, deletedAt);
        error = null;
        return true;
    }

    /// <summary>The id and <c>deleted_at</c> of a tombstone, which page the deletions feed.</summary>
    public static bool TryReadTombstoneKey(JsonElement item, [NotNullWhen(true)] out string? id, out DateTimeOffset deletedAt) =>
        TryReadKey(item, "deleted_at", out id, out deletedAt);

    public static bool TryReadAttachment(JsonElement item, [NotNullWhen(true)] out RemoteAttachment? attachment, [NotNullWhen(false)] out RemoteRecordError? error)
    {
        attachment = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = new RemoteRecordError(null, $"The attachment is not a JSON object but {RemoteTicketJson.Describe(item.ValueKind)}.");
            return false;
        }

        var problems = new List<string>();
        var id = RemoteTicketJson.RequiredString(item, "id", MaxIdLength, problems);
        var ticketId = RemoteTicketJson.RequiredString(item, "ticket_id", MaxIdLength, problems);
        var fileName = RemoteTicketJson.RequiredString(item, "file_name", MaxFileNameLength, problems);
        var contentType = RemoteTicketJson.OptionalString(item, "content_type", MaxContentTypeLength, problems) ?? "application/octet-stream";
        var sha256 = RemoteTicketJson.OptionalString(item, "sha256", 128, problems) ?? string.Empty;
        var uploadedBy = RemoteTicketJson.OptionalString(item, "uploaded_by_name", MaxNameLength, problems);
        var createdAt = RemoteTicketJson.RequiredTimestamp(item, "created_at", problems);
        long size = 0;
        if (!item.TryGetProperty("size_bytes", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out size) || size < 0)
        {
            problems.Add("size_bytes is missing or not a whole number of bytes.");
        }

        if (problems.Count > 0)
        {
            error = new RemoteRecordError(id, "Attachment: " + string.Join(" ", problems));
            return false;
        }

        attachment = new RemoteAttachment(id!, ticketId!, fileName!, contentType, size, sha256, uploadedBy, createdAt);
        error = null;
        return true;
    }

    public static bool TryReadAgent(JsonElement item, [NotNullWhen(true)] out RemoteAgent? agent, [NotNullWhen(false)] out RemoteRecordError? error)
    {
        agent = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = new RemoteRecordError(null, $"The agent is not a JSON object but {RemoteTicketJson.Describe(item.ValueKind)}.");
            return false;
        }

        var problems = new List<string>();
        var id = RemoteTicketJson.RequiredString(item, "id", MaxIdLength, problems);
        var name = RemoteTicketJson.RequiredString(item, "name", MaxNameLength, problems);
        var email = RemoteTicketJson.OptionalString(item, "email", MaxEmailLength, problems);
        var active = true;
        if (item.TryGetProperty("active", out var activeElement) && activeElement.ValueKind != JsonValueKind.Null)
        {
            if (activeElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                active = activeElement.GetBoolean();
            }
            else
            {
                problems.Add($"active must be a boolean, not {RemoteTicketJson.Describe(activeElement.ValueKind)}.");
            }
        }

        if (problems.Count > 0)
        {
            error = new RemoteRecordError(id, "Agent: " + string.Join(" ", problems));
            return false;
        }

        agent = new RemoteAgent(id!, name!, string.IsNullOrWhiteSpace(email) ? null : email.Trim(), active);
        error = null;
        return true;
    }

    /// <summary>The JSON body of <c>POST /tickets/{id}/comments</c>; absent values are left out.</summary>
    public static byte[] WriteCommentBody(RemoteCommentCreate comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var buffer = new ArrayBufferWriter<byte>(256 + (comment.Body.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("body", comment.Body);
            writer.WriteString("visibility", WireName<CommentVisibility>.Of(comment.Visibility));
            if (comment.AuthorName is not null)
            {
                writer.WriteString("author_name", comment.AuthorName);
            }

            if (comment.AuthorEmail is not null)
            {
                writer.WriteString("author_email", comment.AuthorEmail);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryReadKey(JsonElement item, string timestampName, [NotNullWhen(true)] out string? id, out DateTimeOffset timestamp)
    {
        id = null;
        timestamp = default;
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
            || !item.TryGetProperty(timestampName, out var timeElement) || !RemoteTicketJson.TryReadTimestamp(timeElement, out timestamp))
        {
            return false;
        }

        id = idElement.GetString();
        return !string.IsNullOrEmpty(id);
    }
}
