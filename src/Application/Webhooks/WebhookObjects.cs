using System.Globalization;
using System.Text.Json;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Webhooks;

/// <summary>
/// Reads the objects a webhook carries beside its ticket (<c>data.comment</c>, <c>data.attachment</c>) and
/// the body's <c>timestamp</c>, with the limits of the mirror's columns; every problem is named. What a
/// message leaves out stays unknown (null) rather than taking a default: a comment without
/// <c>visibility</c> is not assumed public, so a sync that reads it later fills it in.
/// </summary>
internal static class WebhookObjects
{
    private const int MaxIdLength = 128;
    private const int MaxNameLength = 200;
    private const int MaxEmailLength = 320;
    private const int MaxFileNameLength = 1024;
    private const int MaxContentTypeLength = 255;
    private const int MaxSha256Length = 128;

    /// <summary>The body's <c>timestamp</c> (when the change happened at the remote), or null when absent or unreadable.</summary>
    public static DateTimeOffset? ReadEventTime(JsonElement root) =>
        root.TryGetProperty("timestamp", out var value) && TryReadTimestamp(value, out var at) ? at : null;

    public static bool TryReadComment(JsonElement data, out TicketComment? comment, out string problem)
    {
        comment = null;
        if (!data.TryGetProperty("comment", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            problem = "data.comment is missing or not an object.";
            return false;
        }

        var problems = new List<string>();
        var id = ReadString(element, "comment", "id", MaxIdLength, required: true, problems);
        var author = ReadString(element, "comment", "author_name", MaxNameLength, required: false, problems);
        var email = ReadString(element, "comment", "author_email", MaxEmailLength, required: false, problems);
        var text = ReadString(element, "comment", "body", int.MaxValue, required: true, problems);
        var createdAt = ReadRequiredTimestamp(element, "comment", "created_at", problems);
        var visibilityText = ReadString(element, "comment", "visibility", MaxNameLength, required: false, problems);
        CommentVisibility? visibility = null;
        if (visibilityText is not null)
        {
            if (WireName<CommentVisibility>.TryParse(visibilityText, out var parsed))
            {
                visibility = parsed;
            }
            else
            {
                // Never guessed: an internal note taken for public would be shown to the wrong people.
                problems.Add($"comment.visibility is not one of {string.Join(", ", WireName<CommentVisibility>.Names)}.");
            }
        }

        if (id is { Length: 0 })
        {
            problems.Add("comment.id is empty.");
        }

        if (problems.Count > 0)
        {
            problem = string.Join(" ", problems);
            return false;
        }

        comment = new TicketComment
        {
            ExternalCommentId = id!,
            AuthorName = author,
            AuthorEmail = email,
            Body = text!,
            Visibility = visibility,
            CreatedAt = createdAt,
        };
        problem = string.Empty;
        return true;
    }

    public static bool TryReadAttachment(JsonElement data, out TicketAttachment? attachment, out string problem)
    {
        attachment = null;
        if (!data.TryGetProperty("attachment", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            problem = "data.attachment is missing or not an object.";
            return false;
        }

        var problems = new List<string>();
        var id = ReadString(element, "attachment", "id", MaxIdLength, required: true, problems);
        var fileName = ReadString(element, "attachment", "file_name", MaxFileNameLength, required: true, problems);
        var contentType = ReadString(element, "attachment", "content_type", MaxContentTypeLength, required: false, problems);
        var sha256 = ReadString(element, "attachment", "sha256", MaxSha256Length, required: false, problems);
        var uploadedBy = ReadString(element, "attachment", "uploaded_by_name", MaxNameLength, required: false, problems);
        var createdAt = ReadRequiredTimestamp(element, "attachment", "created_at", problems);
        long size = 0;
        if (!element.TryGetProperty("size_bytes", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out size) || size < 0)
        {
            problems.Add("attachment.size_bytes is missing or not a whole number of bytes.");
        }

        if (id is { Length: 0 })
        {
            problems.Add("attachment.id is empty.");
        }

        if (fileName is { Length: 0 })
        {
            problems.Add("attachment.file_name is empty.");
        }

        if (problems.Count > 0)
        {
            problem = string.Join(" ", problems);
            return false;
        }

        attachment = new TicketAttachment
        {
            ExternalAttachmentId = id!,
            FileName = fileName!,
            ContentType = contentType ?? "application/octet-stream",
            SizeBytes = size,
            Sha256 = string.IsNullOrEmpty(sha256) ? null : sha256,
            UploadedByName = uploadedBy,
            CreatedAt = createdAt,
        };
        problem = string.Empty;
        return true;
    }

    private static string? ReadString(JsonElement item, string objectName, string name, int maxLength, bool required, List<string> problems)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{objectName}.{name} is missing.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{objectName}.{name} must be a string.");
            return null;
        }

        // PostgreSQL text cannot hold NUL; as for tickets, it is dropped rather than losing the record.
        var text = value.GetString()!.Replace("\0", string.Empty, StringComparison.Ordinal);
        if (text.Length > maxLength)
        {
            problems.Add($"{objectName}.{name} is longer than {maxLength.ToString("N0", CultureInfo.InvariantCulture)} characters.");
            return null;
        }

        return text;
    }

    private static DateTimeOffset ReadRequiredTimestamp(JsonElement item, string objectName, string name, List<string> problems)
    {
        if (item.TryGetProperty(name, out var value) && TryReadTimestamp(value, out var at))
        {
            return at;
        }

        problems.Add($"{objectName}.{name} is missing or not an ISO 8601 timestamp.");
        return default;
    }

    private static bool TryReadTimestamp(JsonElement value, out DateTimeOffset at)
    {
        at = default;
        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTime(out var dateTime))
        {
            return false;
        }

        // As for tickets: any offset is converted to UTC, a timestamp without one is taken as UTC.
        if (dateTime.Kind == DateTimeKind.Unspecified)
        {
            at = new DateTimeOffset(dateTime, TimeSpan.Zero);
            return true;
        }

        if (!value.TryGetDateTimeOffset(out var withOffset))
        {
            return false;
        }

        at = withOffset.ToUniversalTime();
        return true;
    }
}
