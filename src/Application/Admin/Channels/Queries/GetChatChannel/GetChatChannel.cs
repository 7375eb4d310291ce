using Mediator;
using Ticketing.Application.Admin.Channels.Queries.GetChatChannels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Channels;

namespace Ticketing.Application.Admin.Channels.Queries.GetChatChannel;

/// <summary>One team chat channel, for its edit form.</summary>
public sealed record GetChatChannelQuery(Guid Id) : IQuery<ChatChannelView>, IAdminRequest;

public sealed class GetChatChannelHandler(IChatChannelStore store) : IQueryHandler<GetChatChannelQuery, ChatChannelView>
{
    public async ValueTask<ChatChannelView> Handle(GetChatChannelQuery query, CancellationToken cancellationToken) =>
        ChatChannelView.From(await store.GetAsync(query.Id, cancellationToken) ?? throw new NotFoundException("chat channel", query.Id));
}
