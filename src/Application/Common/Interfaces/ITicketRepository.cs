using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The local ticket cache, spoken in the domain's terms. A write whose data the cache refuses (too long,
/// out of range, a constraint) throws <see cref="Exceptions.MirrorDataException"/>.
/// </summary>
public interface ITicketRepository
{
    /// <summary>The dashboard's KPIs over every ticket that is not deleted.</summary>
    Task<TicketKpis> GetKpisAsync(CancellationToken cancellationToken);

    /// <summary>Open tickets past their due date, and those due within <paramref name="atRiskWindow"/>, counted in the database.</summary>
    Task<(int Overdue, int AtRisk)> CountSlaRiskAsync(DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken);

    /// <summary>
    /// Stores remote versions in bulk. A version replaces the cached one only when its
    /// <c>updated_at</c> is later (so an old or repeated message never overwrites a newer one);
    /// the field changes are recorded as history and events in the same transaction. Tickets the
    /// remote has deleted stay deleted. Rows seen but unchanged get <paramref name="syncedAt"/> as
    /// their last sync time when <paramref name="touchUnchanged"/> is set (a full sync uses that to
    /// find what the remote no longer has). <paramref name="actorUserId"/> is the dashboard user who
    /// made the change through this app, recorded on its events.
    /// </summary>
    Task<UpsertResult> UpsertManyAsync(
        IReadOnlyCollection<Ticket> tickets,
        ChangeSource source,
        DateTimeOffset syncedAt,
        bool touchUnchanged,
        CancellationToken cancellationToken,
        string? actorUserId = null);

    /// <summary>Marks these remote tickets deleted (and remembers the deletion of tickets not cached yet).</summary>
    Task<int> MarkDeletedAsync(IReadOnlyCollection<string> externalIds, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>After a complete full sync: marks deleted every live ticket not seen since <paramref name="seenSince"/>.</summary>
    Task<int> MarkUnseenDeletedAsync(DateTimeOffset seenSince, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>After a bulk load: refreshes the planner's statistics and the visibility map of the cache (VACUUM (ANALYZE)).</summary>
    Task VacuumAnalyzeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a comment once (by its remote id) with its event; false when it was already stored or the ticket is unknown.</summary>
    Task<bool> AddCommentAsync(string externalTicketId, TicketComment comment, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The cache's id of a live ticket by the remote's id, or null.</summary>
    Task<Guid?> FindIdAsync(string externalTicketId, CancellationToken cancellationToken);

    /// <summary>A live (not deleted) ticket, or null.</summary>
    Task<Ticket?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A ticket's comments, oldest first, and its recorded changes, newest first (at most <paramref name="historyLimit"/>).</summary>
    Task<(IReadOnlyList<TicketComment> Comments, IReadOnlyList<TicketHistoryEntry> History)> GetActivityAsync(Guid id, int historyLimit, CancellationToken cancellationToken);

    /// <summary>External ids of live tickets last synced before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> GetStaleExternalIdsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}

/// <summary>What a bulk upsert did: new tickets, changed tickets, and versions that were not newer.</summary>
public sealed record UpsertResult(int Inserted, int Updated, int Unchanged)
{
    public static UpsertResult None { get; } = new(0, 0, 0);

    public int Stored => Inserted + Updated;

    public UpsertResult Add(UpsertResult other) =>
        new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged);
}
