using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Outbox.GetOutboxHasPending;

/// <summary>
/// Whether any ticket write waits for Championship IT. The list asks this (cached, evicted by the outbox on every
/// change) before it looks up the page's pending writes, so while nothing waits — nearly always — a list request
/// costs no round trip for them.
/// </summary>
public sealed record GetOutboxHasPendingQuery(bool Fresh = false) : ICachedQuery<OutboxState>
{
    private static readonly string[] Tags = [CacheTag.Outbox];

    public string CacheKey => "any";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(1);

    public CacheScope Scope => CacheScope.Shared;
}

/// <summary>
/// The flag as an object, not a <c>bool</c>: a kept answer is then told apart from a miss by a look-up alone, so a list
/// request gets it without the mediator building the outbox and its database context
/// (<see cref="Common.Caching.CachedQuerySender"/>).
/// </summary>
[ImmutableObject(true)]
public sealed record OutboxState(bool HasPending)
{
    public static OutboxState Pending { get; } = new(true);

    public static OutboxState Empty { get; } = new(false);
}

public sealed class GetOutboxHasPendingHandler(ITicketOutbox outbox) : IQueryHandler<GetOutboxHasPendingQuery, OutboxState>
{
    public async ValueTask<OutboxState> Handle(GetOutboxHasPendingQuery query, CancellationToken cancellationToken) =>
        await outbox.AnyPendingAsync(cancellationToken) ? OutboxState.Pending : OutboxState.Empty;
}
