using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Outbox.GetPendingWrites;

/// <summary>
/// What waits in the outbox for the pages: tickets being filed (with <see cref="IncludeCreates"/>)
/// and the queued changes and comments of <see cref="TicketIds"/>.
/// </summary>
public sealed record GetPendingWritesQuery(IReadOnlyCollection<Guid> TicketIds, bool IncludeCreates) : IQuery<PendingWrites>;

/// <summary>A ticket queued for filing: it has no number until Championship IT answers.</summary>
public sealed record PendingCreate(long Id, string Title, DateTimeOffset QueuedAt, string? LastError);

/// <summary>A change or a comment queued for a cached ticket, e.g. "status → resolved" or "Reply: Rebooted it…".</summary>
public sealed record PendingUpdate(long Id, Guid TicketId, string Summary, DateTimeOffset QueuedAt, string? LastError, PendingWriteKind Kind = PendingWriteKind.Update);

public sealed record PendingWrites(IReadOnlyList<PendingCreate> Creates, IReadOnlyDictionary<Guid, IReadOnlyList<PendingUpdate>> Updates)
{
    public static PendingWrites None { get; } = new([], new Dictionary<Guid, IReadOnlyList<PendingUpdate>>());

    public IReadOnlyList<PendingUpdate> For(Guid ticketId) => Updates.TryGetValue(ticketId, out var updates) ? updates : [];
}

public sealed class GetPendingWritesHandler(ITicketOutbox outbox) : IQueryHandler<GetPendingWritesQuery, PendingWrites>
{
    /// <summary>The list shows at most this many tickets being filed; more would mean a long outage, which the banner says.</summary>
    public const int MaxCreatesShown = 20;

    public async ValueTask<PendingWrites> Handle(GetPendingWritesQuery query, CancellationToken cancellationToken)
    {
        var creates = query.IncludeCreates ? await outbox.GetPendingCreatesAsync(MaxCreatesShown, cancellationToken) : [];
        var updates = await outbox.GetPendingUpdatesAsync(query.TicketIds, cancellationToken);
        return new PendingWrites(
            [.. creates.Select(c => new PendingCreate(c.Id, c.Summary, c.QueuedAt, c.LastError))],
            updates.GroupBy(u => u.TicketId!.Value).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<PendingUpdate>)[.. g.Select(u => new PendingUpdate(u.Id, g.Key, u.Summary, u.QueuedAt, u.LastError, u.Kind))]));
    }
}
