using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Outbox.GetOutboxBacklog;

/// <summary>How many ticket writes wait for Championship IT, and since when: for the admin page.</summary>
public sealed record GetOutboxBacklogQuery : IQuery<OutboxBacklog>, IAdminRequest;

public sealed record OutboxBacklog(int Count, DateTimeOffset? OldestQueuedAt);

public sealed class GetOutboxBacklogHandler(ITicketOutbox outbox) : IQueryHandler<GetOutboxBacklogQuery, OutboxBacklog>
{
    public async ValueTask<OutboxBacklog> Handle(GetOutboxBacklogQuery query, CancellationToken cancellationToken)
    {
        var (count, oldest) = await outbox.GetBacklogAsync(cancellationToken);
        return new OutboxBacklog(count, oldest);
    }
}
