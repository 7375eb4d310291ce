using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Channels;

/// <summary>The payload an incoming webhook expects.</summary>
public enum ChatFormat
{
    /// <summary>Slack's <c>{"text": …, "blocks": […]}</c>; Mattermost and Rocket.Chat accept it too.</summary>
    Slack = 0,

    /// <summary>Microsoft Teams: a message with an Adaptive Card attachment.</summary>
    Teams = 1,
}

/// <summary>
/// A team channel an admin added (<c>chat_channels</c>): an incoming webhook and the rule that routes
/// notifications to it. Each list narrows the rule; an empty list does not narrow. A notification is
/// posted when its type, its ticket's priority and its ticket's department each pass.
/// </summary>
public sealed class ChatChannel
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public ChatFormat Format { get; set; }

    /// <summary>The webhook URL, protected at rest (it is a credential: whoever has it can post).</summary>
    public required string WebhookUrlProtected { get; set; }

    public required string WebhookHint { get; set; }

    public bool IsEnabled { get; set; } = true;

    public List<NotificationType> NotificationTypes { get; set; } = [];

    public List<TicketPriority> Priorities { get; set; } = [];

    /// <summary>Department names as the remote spells them, compared without regard to case.</summary>
    public List<string> Departments { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool Routes(NotificationType type, TicketPriority? priority, string? department) =>
        IsEnabled
        && (NotificationTypes.Count == 0 || NotificationTypes.Contains(type))
        && (Priorities.Count == 0 || (priority is { } p && Priorities.Contains(p)))
        && (Departments.Count == 0 || (department is { } d && Departments.Any(x => string.Equals(x, d.Trim(), StringComparison.OrdinalIgnoreCase))));
}
