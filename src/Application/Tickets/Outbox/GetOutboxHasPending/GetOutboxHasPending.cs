using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Outbox.GetOutboxHasPending;

/// <summary>
/// Whether any ticket write waits for Championship IT. The list asks this (cached, evicted by the outbox on every
/// change) before it looks up the page's pending writes, so while nothing waits — nearly always — a list request
/// costs no round trip for them.
/// </summary>
public sealed record GetOutboxHasPendingQuery(bool Fresh = false) : ICachedQuery<bool>
{
    private static readonly string[] Tags = [CacheTag.Outbox];

    public string CacheKey => "any";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(1);

    public CacheScope Scope => CacheScope.Shared;
}

public sealed class GetOutboxHasPendingHandler(ITicketOutbox outbox) : IQueryHandler<GetOutboxHasPendingQuery, bool>
{
    public async ValueTask<bool> Handle(GetOutboxHasPendingQuery query, CancellationToken cancellationToken) =>
        await outbox.AnyPendingAsync(cancellationToken);
}
