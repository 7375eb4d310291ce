using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Channels;

/// <summary>A notification just created for a user (a row of <c>ticket_notifications</c>), as the channels see it.</summary>
public sealed record NewNotification(
    Guid Id,
    string UserId,
    NotificationType Type,
    Guid? TicketId,
    string Title,
    string Message,
    DateTimeOffset CreatedAt,
    int FoldVersion = 0)
{
    /// <summary>
    /// What happened, whoever it was told to: one event notifies several users with the same ticket,
    /// type, title and creation time (the rules write them in one statement), and a team channel hears
    /// of it once.
    /// </summary>
    public string Happening => $"{TicketId:N}|{Type}|{CreatedAt.UtcTicks}|{Title}|{FoldVersion}";

    /// <summary>
    /// The part of a queue key that tells a folded version apart: empty for the first version (the keys
    /// written before folds were sent on stay valid), <c>:f2</c> for the second fold.
    /// </summary>
    public string VersionSuffix => FoldVersion == 0 ? "" : $":f{FoldVersion}";
}

/// <summary>The ticket a notification is about, with what a message shows of it.</summary>
public sealed record NotifiedTicket(
    Guid Id,
    string ExternalTicketId,
    string TicketNumber,
    string Title,
    TicketStatus Status,
    TicketPriority Priority,
    string? Department,
    string? AssigneeName,
    string? RequesterEmail,
    DateTimeOffset? DueDate,
    DateTimeOffset UpdatedAt);

/// <summary>A user the channels may reach: their address, name and effective choices.</summary>
public sealed record ChannelRecipient(
    string UserId,
    string? Email,
    string? DisplayName,
    bool IsActive,
    ChannelChoices Choices,
    bool HasChatWebhook,
    ChatFormat ChatFormat);

/// <summary>Who will read a message: a user, or everyone in a team channel.</summary>
public abstract record ChannelAudience
{
    public sealed record User(string UserId) : ChannelAudience;

    public sealed record TeamChannel(Guid ChannelId) : ChannelAudience;
}

/// <summary>
/// What a message may show to its audience: the ticket's title and the notification's own title and
/// message (which may quote the ticket). <see cref="Masked"/> when something was withheld.
/// </summary>
public sealed record DisclosedTicket(string? TicketTitle, string Title, string Message, bool Masked);

/// <summary>An e-mail's rendered content.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);
