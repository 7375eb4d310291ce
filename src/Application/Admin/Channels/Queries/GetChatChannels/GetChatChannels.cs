using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Admin.Channels.Queries.GetChatChannels;

/// <summary>The team chat channels with their routing rules.</summary>
public sealed record GetChatChannelsQuery : IQuery<IReadOnlyList<ChatChannelView>>, IAdminRequest;

public sealed record ChatChannelView(
    Guid Id,
    string Name,
    ChatFormat Format,
    string WebhookHint,
    bool IsEnabled,
    IReadOnlyList<NotificationType> NotificationTypes,
    IReadOnlyList<TicketPriority> Priorities,
    IReadOnlyList<string> Departments)
{
    public static ChatChannelView From(ChatChannel c) =>
        new(c.Id, c.Name, c.Format, c.WebhookHint, c.IsEnabled, c.NotificationTypes, c.Priorities, c.Departments);

    /// <summary>"Critical or Urgent priority · SLA breach" — the rule in words.</summary>
    public string RuleText
    {
        get
        {
            var parts = new List<string>();
            if (NotificationTypes.Count > 0)
            {
                parts.Add(string.Join(" or ", NotificationTypes.Select(NotificationTypeText.Name)));
            }

            if (Priorities.Count > 0)
            {
                parts.Add(string.Join(" or ", Priorities.OrderDescending().Select(NotificationTypeText.Priority)) + " priority");
            }

            if (Departments.Count > 0)
            {
                parts.Add("department " + string.Join(" or ", Departments));
            }

            return parts.Count == 0 ? "Every notification" : string.Join(" · ", parts);
        }
    }
}

public sealed class GetChatChannelsHandler(IChatChannelStore store) : IQueryHandler<GetChatChannelsQuery, IReadOnlyList<ChatChannelView>>
{
    public async ValueTask<IReadOnlyList<ChatChannelView>> Handle(GetChatChannelsQuery query, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(cancellationToken)).Select(ChatChannelView.From)];
}
