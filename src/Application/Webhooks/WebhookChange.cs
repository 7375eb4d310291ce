using System.Text.Json;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Webhooks;

internal enum WebhookChangeKind
{
    Upsert = 0,
    Delete = 1,
    Comment = 2,

    /// <summary>A type this app does not apply: done, with nothing to do.</summary>
    Ignored = 3,

    /// <summary>The message cannot be applied (<see cref="WebhookChange.Error"/> says why).</summary>
    Invalid = 4,
}

/// <summary>What one stored webhook message asks of the cache, read from its body.</summary>
internal sealed class WebhookChange
{
    private const int MaxCommentIdLength = 128;
    private const int MaxAuthorLength = 200;

    private WebhookChange(WebhookChangeKind kind, string? ticketId, Ticket? ticket = null, TicketComment? comment = null, string? error = null)
    {
        Kind = kind;
        TicketId = ticketId;
        Ticket = ticket;
        Comment = comment;
        Error = error;
    }

    public WebhookChangeKind Kind { get; private set; }

    public string? TicketId { get; }

    public Ticket? Ticket { get; }

    public TicketComment? Comment { get; }

    public string? Error { get; private set; }

    /// <summary>
    /// Reads a stored body; never throws on its content. The ticket object is read by
    /// <paramref name="tickets"/>, as the sync reads it from the remote's pages.
    /// </summary>
    public static WebhookChange Read(string body, IRemoteTicketReader tickets)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Invalid(null, "The body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!WebhookEnvelope.TryReadType(root, out var type))
            {
                return Invalid(null, "The body has no string \"type\".");
            }

            if (!WebhookEventTypes.IsKnown(type))
            {
                return new WebhookChange(WebhookChangeKind.Ignored, null);
            }

            if (!WebhookEnvelope.TryReadTicket(root, out var ticketElement, out var ticketId))
            {
                return Invalid(null, "data.ticket.id is missing.");
            }

            if (type == WebhookEventTypes.Deleted)
            {
                return ticketId.Length <= WebhookEnvelope.MaxTicketIdLength
                    ? new WebhookChange(WebhookChangeKind.Delete, ticketId)
                    : Invalid(null, $"data.ticket.id is longer than {WebhookEnvelope.MaxTicketIdLength} characters.");
            }

            if (!tickets.TryRead(ticketElement, out var ticket, out var error))
            {
                return Invalid(ticketId, error.Reason);
            }

            if (type != WebhookEventTypes.CommentAdded)
            {
                return new WebhookChange(WebhookChangeKind.Upsert, ticket.ExternalTicketId, ticket);
            }

            var data = root.GetProperty("data");
            return TryReadComment(data, out var comment, out var problem)
                ? new WebhookChange(WebhookChangeKind.Comment, ticket.ExternalTicketId, ticket, comment)
                : Invalid(ticketId, problem);
        }
    }

    /// <summary>Turns a change that could not be stored into a failed one.</summary>
    public void Fail(string error)
    {
        Kind = WebhookChangeKind.Invalid;
        Error = error;
    }

    private static WebhookChange Invalid(string? ticketId, string error) =>
        new(WebhookChangeKind.Invalid, ticketId, error: error);

    private static bool TryReadComment(JsonElement data, out TicketComment? comment, out string problem)
    {
        comment = null;
        problem = string.Empty;
        if (!data.TryGetProperty("comment", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            problem = "data.comment is missing or not an object.";
            return false;
        }

        var problems = new List<string>();
        var id = ReadString(element, "id", MaxCommentIdLength, required: true, problems);
        var author = ReadString(element, "author_name", MaxAuthorLength, required: false, problems);
        var text = ReadString(element, "body", int.MaxValue, required: true, problems);
        var createdAt = ReadTimestamp(element, "created_at", problems);
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
            Body = text!,
            CreatedAt = createdAt,
        };
        return true;
    }

    private static string? ReadString(JsonElement item, string name, int maxLength, bool required, List<string> problems)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"comment.{name} is missing.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"comment.{name} must be a string.");
            return null;
        }

        // PostgreSQL text cannot hold NUL; as for tickets, it is dropped rather than losing the comment.
        var text = value.GetString()!.Replace("\0", string.Empty, StringComparison.Ordinal);
        if (text.Length > maxLength)
        {
            problems.Add($"comment.{name} is longer than {maxLength} characters.");
            return null;
        }

        return text;
    }

    private static DateTimeOffset ReadTimestamp(JsonElement item, string name, List<string> problems)
    {
        if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out var dateTime))
        {
            // As for tickets: any offset is converted to UTC, a timestamp without one is taken as UTC.
            if (dateTime.Kind == DateTimeKind.Unspecified)
            {
                return new DateTimeOffset(dateTime, TimeSpan.Zero);
            }

            if (value.TryGetDateTimeOffset(out var withOffset))
            {
                return withOffset.ToUniversalTime();
            }
        }

        problems.Add($"comment.{name} is missing or not an ISO 8601 timestamp.");
        return default;
    }
}
