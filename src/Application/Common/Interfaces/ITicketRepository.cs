using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The local ticket cache, spoken in the domain's terms. Every change to the cache passes here, and
/// every committed change invalidates what was cached from it (<c>CacheTag.Tickets</c>). A write whose
/// data the cache refuses (too long, out of range, a constraint) throws <see cref="Exceptions.MirrorDataException"/>.
/// </summary>
public interface ITicketRepository
{
    /// <summary>
    /// Stores remote versions in bulk. A version replaces the cached one only when its
    /// <c>updated_at</c> is later (so an old or repeated message never overwrites a newer one);
    /// the field changes are recorded as history and events in the same transaction. A ticket the
    /// remote has deleted stays deleted, except that a version from a sync or a read by id (any
    /// <paramref name="source"/> but <see cref="ChangeSource.Webhook"/>) stamped later than the
    /// deletion brings it back. A ticket seen but unchanged is not written: when
    /// <paramref name="touchUnchanged"/> is set (a full pass, a read by id) it is recorded as sighted at
    /// <paramref name="syncedAt"/> beside the mirror, which is how a full sync finds the tickets it did
    /// not see (<see cref="GetUnseenAsync"/>) and the daily refresh the ones nobody saw for a day. <paramref name="actorUserId"/> is the dashboard user who made the
    /// change through this app, recorded on its events.
    /// </summary>
    Task<UpsertResult> UpsertManyAsync(
        IReadOnlyCollection<Ticket> tickets,
        ChangeSource source,
        DateTimeOffset syncedAt,
        bool touchUnchanged,
        CancellationToken cancellationToken,
        string? actorUserId = null);

    /// <summary>
    /// Starts an initial bulk load when the mirror holds no ticket at all (live or deleted): the cache's
    /// secondary indexes are dropped and the KPI counters deferred, both recorded durably first, so a load
    /// that is interrupted is completed by the next <see cref="CompleteBulkLoadAsync"/>. False (and
    /// nothing changed) when the mirror is not empty.
    /// </summary>
    Task<bool> TryBeginBulkLoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A page of an initial bulk load: stored as <see cref="UpsertManyAsync"/> stores a full sync's page,
    /// but with the counters left to the load's end, no "created" history row or event per ticket (a
    /// ticket that changes during the load still records that change) and no sighting (every ticket of
    /// the load is stored by this run, so its own <c>last_synced_at</c> says it was seen).
    /// </summary>
    Task<UpsertResult> BulkLoadManyAsync(IReadOnlyCollection<Ticket> tickets, DateTimeOffset syncedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes what a bulk load deferred (builds the dropped indexes, rebuilds the counters), including
    /// what an interrupted load left; returns the deferred steps it ran, each with its time (none: nothing
    /// was deferred).
    /// </summary>
    Task<IReadOnlyList<DeferredStep>> CompleteBulkLoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks these remote tickets deleted as of <paramref name="at"/> (and remembers the deletion of
    /// tickets not cached yet); returns how many cached tickets it marked.
    /// </summary>
    Task<int> MarkDeletedAsync(IReadOnlyCollection<string> externalIds, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="MarkDeletedAsync"/> with each ticket's own deletion time (the deletions feed's
    /// <c>deleted_at</c>); <paramref name="at"/> is when the cache recorded it.
    /// </summary>
    Task<int> ApplyDeletionsAsync(IReadOnlyCollection<TicketDeletion> deletions, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// The start of a full pass: forgets the previous pass's sightings (they are superseded by this one's).
    /// </summary>
    Task BeginFullPassAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Live tickets neither stored nor sighted since <paramref name="seenSince"/> (after a full pass: the
    /// ones it did not see), by remote id after <paramref name="after"/>, at most <paramref name="limit"/>. They are
    /// only candidates for deletion: the remote must confirm each.
    /// </summary>
    Task<IReadOnlyList<string>> GetUnseenAsync(DateTimeOffset seenSince, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>After a bulk load: refreshes the planner's statistics and the visibility map of the cache (VACUUM (ANALYZE)).</summary>
    Task VacuumAnalyzeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a comment once (by its remote id) with its event; false when it was already stored or the
    /// ticket is unknown. <paramref name="actorUserId"/> is the dashboard user who wrote it through this
    /// app, recorded on its event (nobody is notified of their own comment).
    /// </summary>
    Task<bool> AddCommentAsync(
        string externalTicketId, TicketComment comment, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken, string? actorUserId = null);

    /// <summary>
    /// Stores comments of one ticket once each (by remote id), with an event per new one; a stored
    /// comment only gains what its first source did not say (visibility, author e-mail). Returns how
    /// many were new; none when the ticket is not cached.
    /// </summary>
    Task<int> AddCommentsAsync(string externalTicketId, IReadOnlyCollection<TicketComment> comments, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> live tickets changed since their comments were last read: half the
    /// most recently changed, half the longest waiting, so none starves.
    /// </summary>
    Task<IReadOnlyList<CommentBackfillItem>> GetCommentBackfillAsync(int limit, CancellationToken cancellationToken);

    /// <summary>How many tickets still wait for their comments to be read, counted up to <paramref name="cap"/>.</summary>
    Task<int> CountCommentBackfillAsync(int cap, CancellationToken cancellationToken);

    /// <summary>
    /// Records that these tickets' comments were read completely while their versions were the ones selected
    /// (<see cref="CommentBackfillItem.UpdatedAt"/>), in one statement: each statement on the mirror runs its
    /// change triggers once, however few rows it changes.
    /// </summary>
    Task MarkCommentsSyncedAsync(IReadOnlyCollection<CommentBackfillItem> read, CancellationToken cancellationToken);

    /// <summary>The cache's id of a live ticket by the remote's id, or null.</summary>
    Task<Guid?> FindIdAsync(string externalTicketId, CancellationToken cancellationToken);

    /// <summary>A live (not deleted) ticket, or null.</summary>
    Task<Ticket?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A ticket's comments, oldest first, and its recorded changes, newest first (at most <paramref name="historyLimit"/>).</summary>
    Task<(IReadOnlyList<TicketComment> Comments, IReadOnlyList<TicketHistoryEntry> History)> GetActivityAsync(Guid id, int historyLimit, CancellationToken cancellationToken);

    /// <summary>External ids of live tickets neither stored nor sighted since <paramref name="before"/>, longest unseen first.</summary>
    Task<IReadOnlyList<string>> GetStaleExternalIdsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}

/// <summary>What a bulk upsert did: new tickets, changed tickets, and versions that were not newer.</summary>
/// <summary>One step a bulk load deferred (an index build, a rebuild) and how long it took.</summary>
public sealed record DeferredStep(string Name, TimeSpan Elapsed);

public sealed record UpsertResult(int Inserted, int Updated, int Unchanged)
{
    public static UpsertResult None { get; } = new(0, 0, 0);

    public int Stored => Inserted + Updated;

    public UpsertResult Add(UpsertResult other) =>
        new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged);
}

/// <summary>The remote deleted a ticket at <see cref="DeletedAt"/>.</summary>
public sealed record TicketDeletion(string ExternalTicketId, DateTimeOffset DeletedAt);

/// <summary>
/// A ticket whose comments must be read: its version now, and the version as of which they were last
/// read completely (null: never).
/// </summary>
public sealed record CommentBackfillItem(string ExternalTicketId, DateTimeOffset UpdatedAt, DateTimeOffset? CommentsSyncedThrough);
