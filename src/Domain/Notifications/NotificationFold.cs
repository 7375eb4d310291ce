using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Notifications;

/// <summary>
/// Folding: the changes to one ticket that a reader would hear of within <see cref="Window"/> of the
/// first become one notification, whose title sums them up ("IT-004217: status → Resolved, assignee → you").
/// </summary>
public static class NotificationFold
{
    /// <summary>How long after its first change a notification still takes in more changes (while unread).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public const int MaxTitleLength = 300;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The type a notification of these changes is filed under: an assignment first, then a status change, then a comment.</summary>
    public static NotificationType TypeOf(IReadOnlyCollection<NotificationChange> changes) =>
        changes.Any(c => c.Kind is NotificationChangeKind.Created || (c.Kind is NotificationChangeKind.Assignee && c.ToReader))
            ? NotificationType.Assignment
            : changes.Any(c => c.Kind is NotificationChangeKind.Status)
                ? NotificationType.StatusChange
                : changes.Any(c => c.Kind is NotificationChangeKind.Assignee)
                    ? NotificationType.Assignment
                    : NotificationType.Comment;

    /// <summary>
    /// "IT-004217: status → Resolved, assignee → you": the latest status and assignee, the comments
    /// counted. The changes are taken in event order, whatever order they are given in.
    /// </summary>
    public static string Title(string ticketNumber, IReadOnlyCollection<NotificationChange> changes)
    {
        var ordered = changes.OrderBy(c => c.EventId).ToList();
        var parts = new List<string>(4);
        var created = ordered.Any(c => c.Kind is NotificationChangeKind.Created);
        if (created)
        {
            parts.Add("new ticket assigned to you");
        }

        if (ordered.LastOrDefault(c => c.Kind is NotificationChangeKind.Status) is { } status)
        {
            parts.Add($"status → {StatusLabel(status.Value)}");
        }

        if (ordered.LastOrDefault(c => c.Kind is NotificationChangeKind.Assignee) is { } assignee && !(created && assignee.ToReader))
        {
            parts.Add(assignee.ToReader ? "assignee → you" : assignee.Value is null ? "unassigned" : $"assignee → {assignee.Name ?? assignee.Value}");
        }

        var comments = ordered.Where(c => c.Kind is NotificationChangeKind.Comment).ToList();
        if (comments.Count == 1)
        {
            parts.Add(CommentText(comments[0]));
        }
        else if (comments.Count > 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{comments.Count} new comments"));
        }

        var title = $"{ticketNumber}: {string.Join(", ", parts)}";
        return title.Length <= MaxTitleLength ? title : string.Concat(title.AsSpan(0, MaxTitleLength - 1), "…");
    }

    /// <summary>A status as people say it: "In progress", not <c>in_progress</c>.</summary>
    public static string StatusLabel(string? wireName) =>
        WireName<TicketStatus>.TryParse(wireName, out var status)
            ? status switch
            {
                TicketStatus.InProgress => "In progress",
                TicketStatus.OnHold => "On hold",
                _ => status.ToString(),
            }
            : wireName ?? "unknown";

    public static string ToJson(IReadOnlyCollection<NotificationChange> changes) =>
        JsonSerializer.Serialize(changes.OrderBy(c => c.EventId), Json);

    /// <summary>The stored changes; none for a notification that has none (an SLA breach) or unreadable ones.</summary>
    public static IReadOnlyList<NotificationChange> FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<NotificationChange>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string CommentText(NotificationChange comment)
    {
        var what = comment.Visibility switch
        {
            CommentVisibility.Public => "reply",
            CommentVisibility.Internal => "internal note",
            _ => "comment",
        };
        return comment.Name is { Length: > 0 } author ? $"{what} from {author}" : $"new {what}";
    }
}
