using System.Diagnostics;
using Ticketing.Simulator.Seeding;

namespace Ticketing.Simulator.Tickets;

/// <summary>
/// The remote's tickets, in memory, with their comments, attachments and the tombstones of deleted
/// ones. One <see cref="ReaderWriterLockSlim"/> guards all of it; tickets, comments and
/// attachments are immutable, so readers copy references under the read lock and serialise
/// outside it. Every change is handed to the <see cref="ITicketChangeSink"/> while the write lock
/// is held, so webhooks leave in the order the changes happened.
/// </summary>
public sealed partial class TicketStore : IDisposable
{
    public const int MaxAttachmentsPerTicket = 100;

    private const int AttachmentIdSalt = 0x0A77AC4;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly TicketSeeder _seeder;
    private readonly TimeProvider _time;
    private readonly ITicketChangeSink _changes;
    private readonly UpdatedAtIndex _index = new();
    private readonly IdempotencyKeys<Ticket> _ticketKeys = new();
    private readonly IdempotencyKeys<TicketComment> _commentKeys = new();
    private readonly IdempotencyKeys<TicketAttachment> _attachmentKeys = new();
    private readonly Dictionary<string, (string Id, string? Department)> _requesters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Comments added since seeding, per ticket id, oldest first; seeded ones are derived (<see cref="SeededComments"/>).</summary>
    private readonly Dictionary<string, List<TicketComment>> _addedComments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TicketAttachment>> _attachmentsByTicket = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TicketAttachment> _attachments = new(StringComparer.Ordinal);

    /// <summary>Every deletion since seeding, ordered by (deleted_at, id); kept for the life of the process.</summary>
    private readonly List<Tombstone> _tombstones = [];
    private Dictionary<string, Ticket> _byId = new(StringComparer.Ordinal);
    private int _lastTicketNumber;
    private long _nextCommentSequence;
    private long _lastAttachmentNumber;
    private int _lastRequesterNumber;
    private int _seed;
    private readonly long _runtimeIdOffset;

    /// <summary>
    /// Seeds <paramref name="ticketCount"/> tickets from <paramref name="seed"/>. The ids of comments and attachments
    /// added after seeding start <paramref name="runtimeIdOffset"/> into their sequence (0: right after the seeded
    /// ones; see <see cref="SimulatorSettings.FreshRuntimeIds"/>).
    /// </summary>
    public TicketStore(TicketSeeder seeder, TimeProvider time, ITicketChangeSink changes, int ticketCount, int seed, long runtimeIdOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runtimeIdOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runtimeIdOffset, MaxRuntimeIdOffset);
        _seeder = seeder;
        _time = time;
        _changes = changes;
        _runtimeIdOffset = runtimeIdOffset;
        Reseed(ticketCount, seed);
    }

    /// <summary>The largest offset: with it, ids still fit the 50 bits of <see cref="OpaqueIds"/> for millions of tickets.</summary>
    public const long MaxRuntimeIdOffset = 1L << 40;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byId.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public int Seed => Volatile.Read(ref _seed);

    /// <summary>
    /// Replaces every ticket with a freshly seeded population; emits no webhooks. Requests wait
    /// for it to finish rather than see a half-seeded store, and the old tickets are let go before
    /// the new ones are drawn, so a reset at a million tickets never holds two populations at once.
    /// </summary>
    public TimeSpan Reseed(int ticketCount, int seed)
    {
        var stopwatch = Stopwatch.StartNew();
        _lock.EnterWriteLock();
        try
        {
            _byId = new Dictionary<string, Ticket>(StringComparer.Ordinal);
            _index.Load([]);
            _ticketKeys.Clear();
            _commentKeys.Clear();
            _attachmentKeys.Clear();
            _addedComments.Clear();
            _attachmentsByTicket.Clear();
            _attachments.Clear();
            _tombstones.Clear();
            var result = _seeder.Generate(ticketCount, seed, Timestamps.Now(_time));
            _byId = new Dictionary<string, Ticket>(result.Sorted.Length, StringComparer.Ordinal);
            foreach (var ticket in result.Sorted)
            {
                _byId.Add(ticket.Id, ticket);
            }

            _index.Load(result.Sorted);
            _requesters.Clear();
            foreach (var requester in People.Requesters)
            {
                _requesters[requester.Email] = (requester.Id, requester.Department);
            }

            _lastRequesterNumber = People.Requesters.Count;
            _lastTicketNumber = result.LastTicketNumber;
            _nextCommentSequence = SeededComments.FirstRuntimeSequence(result.LastTicketNumber) + _runtimeIdOffset;
            _lastAttachmentNumber = _runtimeIdOffset;
            Volatile.Write(ref _seed, seed);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return stopwatch.Elapsed;
    }

    /// <summary>Every live ticket, ordered by (updated_at, id).</summary>
    public IReadOnlyList<Ticket> Snapshot()
    {
        _lock.EnterReadLock();
        try
        {
            return _index.ToArray();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Ticket? Find(string id)
    {
        _lock.EnterReadLock();
        try
        {
            return _byId.GetValueOrDefault(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public TicketPageResult Query(TicketQuery query)
    {
        var skip = (long)(query.Page - 1) * query.Limit;
        var filter = query.HasFilters ? query.CreateFilter() : null;
        _lock.EnterReadLock();
        try
        {
            var from = query.UpdatedSince is { } since ? _index.LowerBound(since) : 0;
            var to = _index.Count;
            if (query.SortBy == TicketSortField.UpdatedAt)
            {
                // The hot path of every sync: the index is already in this order, so a page is a
                // slice, and with filters one ordered pass that counts and keeps only the page.
                return filter is null
                    ? new TicketPageResult(Slice(from, to, skip, query.Limit, query.Descending), to - from)
                    : FilteredSlice(filter, from, to, skip, query.Limit, query.Descending);
            }

            var needed = skip + query.Limit;
            return needed * 8 <= to - from
                ? SelectedPage(query, filter, from, to, (int)needed)
                : SortedPage(query, filter, from, to, skip);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public CreateResult Create(NewTicketInput input, string? idempotencyKey)
    {
        _lock.EnterWriteLock();
        try
        {
            var now = Timestamps.Now(_time);
            if (_ticketKeys.Find(idempotencyKey, now) is { } earlier)
            {
                // The current state is what a client retrying a create would see next anyway.
                return new CreateResult(_byId.GetValueOrDefault(earlier.Id) ?? earlier, Replayed: true);
            }

            var number = ++_lastTicketNumber;
            var (requesterId, requesterDepartment) = ResolveRequester(input.RequesterEmail, input.RequesterName);
            var ticket = new Ticket
            {
                Id = OpaqueIds.Create("tkt_", number, _seed),
                TicketNumber = TicketSeeder.FormatNumber(number),
                Title = input.Title,
                Description = input.Description,
                Status = TicketStatus.Open,
                Priority = input.Priority,
                Category = input.Category,
                RequesterId = requesterId,
                RequesterName = input.RequesterName,
                RequesterEmail = input.RequesterEmail,
                Department = input.Department ?? requesterDepartment,
                CreatedAt = now,
                UpdatedAt = now,
                DueDate = input.DueDate ?? now + input.Priority.SlaTarget(),
                Tags = input.Tags,
                CustomFieldsJson = input.CustomFieldsJson,
            };
            Insert(ticket, now);
            _ticketKeys.Remember(idempotencyKey, ticket, now);

            return new CreateResult(ticket, Replayed: false);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>A generated ticket filed "now", as churn creates them.</summary>
    public Ticket CreateGenerated(Random random)
    {
        _lock.EnterWriteLock();
        try
        {
            var now = Timestamps.Now(_time);
            var ticket = _seeder.NewTicket(++_lastTicketNumber, _seed, now, random);
            Insert(ticket, now);
            return ticket;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Applies a patch; null when the ticket does not exist. A patch that changes nothing returns
    /// the ticket untouched, with no new updated_at and no webhook, which is what makes repeating
    /// the same PATCH idempotent.
    /// </summary>
    public Ticket? Update(string id, TicketPatch patch)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_byId.TryGetValue(id, out var current))
            {
                return null;
            }

            var now = Timestamps.Now(_time);
            var stamp = NextUpdatedAt(current.UpdatedAt, now);
            var changed = ApplyPatch(current, patch, stamp);
            if (changed == current)
            {
                return current;
            }

            var updated = changed with { UpdatedAt = stamp };
            Replace(current, updated);
            _changes.Publish(new TicketChange(TicketChangeKind.Updated, updated, null, now));
            return updated;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Delete(string id) => Delete(id, notify: true);

    /// <summary>
    /// Deletes a ticket with its comments and attachments and records its tombstone for the
    /// deletions feed; <paramref name="notify"/> false skips the <c>ticket.deleted</c> webhook, as
    /// if it had been lost.
    /// </summary>
    public bool Delete(string id, bool notify)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_byId.Remove(id, out var current))
            {
                return false;
            }

            _index.Remove(current);
            _addedComments.Remove(id);
            if (_attachmentsByTicket.Remove(id, out var attachments))
            {
                foreach (var attachment in attachments)
                {
                    _attachments.Remove(attachment.Id);
                }
            }

            var now = Timestamps.Now(_time);
            AddTombstone(id, now);
            if (notify)
            {
                _changes.Publish(new TicketChange(TicketChangeKind.Deleted, current, null, now));
            }

            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds a public comment as <paramref name="authorName"/> and, as real helpdesks do, bumps the
    /// ticket's updated_at so a poller notices activity too. Null when the ticket does not exist.
    /// </summary>
    public (Ticket Ticket, TicketComment Comment)? AddComment(string id, string authorName, string body)
    {
        var result = AddComment(id, new NewCommentInput(body, CommentVisibility.Public, authorName, null), idempotencyKey: null, notify: true, out var ticket);
        return result is { Outcome: PostOutcome.Created, Value: { } comment } ? (ticket!, comment) : null;
    }

    /// <summary>
    /// Moves a ticket to the end of the (updated_at, id) order without changing anything else: its
    /// updated_at becomes later than every other ticket's. Null when the ticket does not exist.
    /// </summary>
    public Ticket? Touch(string id, bool notify = true)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_byId.TryGetValue(id, out var current))
            {
                return null;
            }

            var now = Timestamps.Now(_time);
            var stamp = NextUpdatedAt(current.UpdatedAt, now);
            var last = _index.ElementAt(_index.Count - 1);
            if (!ReferenceEquals(last, current) && last.UpdatedAt >= stamp)
            {
                stamp = last.UpdatedAt.AddMilliseconds(1);
            }

            var touched = current with { UpdatedAt = stamp };
            Replace(current, touched);
            if (notify)
            {
                _changes.Publish(new TicketChange(TicketChangeKind.Updated, touched, null, now));
            }

            return touched;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Gives <paramref name="count"/> random live tickets one identical updated_at, without
    /// webhooks: a test fixture for tie-breaking, not a change a client is told about.
    /// </summary>
    public IReadOnlyList<string> SetSharedUpdatedAt(int count, DateTime updatedAt, Random random)
    {
        _lock.EnterWriteLock();
        try
        {
            var chosen = new HashSet<Ticket>(ReferenceEqualityComparer.Instance);
            count = Math.Min(count, _index.Count);
            while (chosen.Count < count)
            {
                chosen.Add(_index.ElementAt(random.Next(_index.Count)));
            }

            var ids = new List<string>(count);
            foreach (var ticket in chosen)
            {
                Replace(ticket, ticket with { UpdatedAt = updatedAt });
                ids.Add(ticket.Id);
            }

            ids.Sort(StringComparer.Ordinal);
            return ids;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>A random live ticket that satisfies <paramref name="predicate"/>, trying a few draws.</summary>
    public Ticket? PickRandom(Random random, Func<Ticket, bool> predicate)
    {
        _lock.EnterReadLock();
        try
        {
            for (var attempt = 0; attempt < 20 && _index.Count > 0; attempt++)
            {
                var ticket = _index.ElementAt(random.Next(_index.Count));
                if (predicate(ticket))
                {
                    return ticket;
                }
            }

            return null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public TicketStats Stats()
    {
        _lock.EnterReadLock();
        try
        {
            return TicketStats.Compute(_byId.Values);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// updated_at only ever moves forward for a ticket, by at least a millisecond (the wire
    /// precision), even when two changes land in the same millisecond or the clock steps back.
    /// </summary>
    private static DateTime NextUpdatedAt(DateTime previous, DateTime now) =>
        now > previous ? now : previous.AddMilliseconds(1);

    /// <summary>The patched ticket, or <paramref name="current"/> itself when no field actually changes.</summary>
    private static Ticket ApplyPatch(Ticket current, TicketPatch patch, DateTime stamp)
    {
        var next = current;
        if (patch.Title.IsSet)
        {
            next = next with { Title = patch.Title.Value };
        }

        if (patch.Description.IsSet)
        {
            next = next with { Description = patch.Description.Value };
        }

        if (patch.Priority.IsSet)
        {
            next = next with { Priority = patch.Priority.Value };
        }

        if (patch.Category.IsSet)
        {
            next = next with { Category = patch.Category.Value };
        }

        if (patch.Department.IsSet)
        {
            next = next with { Department = patch.Department.Value };
        }

        if (patch.DueDate.IsSet)
        {
            next = next with { DueDate = patch.DueDate.Value };
        }

        if (patch.Tags.IsSet && !patch.Tags.Value.SequenceEqual(current.Tags, StringComparer.Ordinal))
        {
            next = next with { Tags = patch.Tags.Value };
        }

        if (patch.CustomFieldsJson.IsSet)
        {
            next = next with { CustomFieldsJson = patch.CustomFieldsJson.Value };
        }

        if (patch.AssigneeId.IsSet)
        {
            var assigneeId = patch.AssigneeId.Value;
            var name = assigneeId is null
                ? null
                : patch.AssigneeName.IsSet
                    ? patch.AssigneeName.Value
                    : assigneeId == current.AssigneeId ? current.AssigneeName : People.FindAgent(assigneeId)?.Name;
            next = next with { AssigneeId = assigneeId, AssigneeName = name };
        }
        else if (patch.AssigneeName.IsSet && current.AssigneeId is not null)
        {
            next = next with { AssigneeName = patch.AssigneeName.Value };
        }

        if (patch.Status.IsSet && patch.Status.Value != current.Status)
        {
            var status = patch.Status.Value;
            // resolved_at records when the work was done: kept from resolved to closed, cleared on reopening.
            var resolvedAt = !status.IsResolved()
                ? null
                : current.Status.IsResolved() && current.ResolvedAt is not null ? current.ResolvedAt : stamp;
            next = next with { Status = status, ResolvedAt = resolvedAt };
        }

        // Records compare field by field; tags were only replaced when their content differs.
        return next == current ? current : next;
    }

    private void Insert(Ticket ticket, DateTime now)
    {
        _byId.Add(ticket.Id, ticket);
        _index.Add(ticket);
        _changes.Publish(new TicketChange(TicketChangeKind.Created, ticket, null, now));
    }

    private void Replace(Ticket current, Ticket updated)
    {
        _index.Remove(current);
        _index.Add(updated);
        _byId[updated.Id] = updated;
    }

    private (string? Id, string? Department) ResolveRequester(string? email, string? name)
    {
        var key = email ?? name;
        if (key is null)
        {
            return (null, null);
        }

        if (!_requesters.TryGetValue(key, out var known))
        {
            known = ($"usr_{++_lastRequesterNumber}", null);
            _requesters[key] = known;
        }

        return known;
    }

    private List<Ticket> Slice(int from, int to, long skip, int limit, bool descending)
    {
        if (skip >= to - from)
        {
            return [];
        }

        var count = (int)Math.Min(limit, to - from - skip);
        var start = descending ? (int)(to - skip - count) : (int)(from + skip);
        return [.. _index.Range(start, start + count, descending)];
    }

    private TicketPageResult FilteredSlice(TicketFilter filter, int from, int to, long skip, int limit, bool descending)
    {
        var page = new List<Ticket>(Math.Min(limit, to - from));
        var total = 0;
        foreach (var ticket in _index.Range(from, to, descending))
        {
            if (!filter.Matches(ticket))
            {
                continue;
            }

            if (total >= skip && page.Count < limit)
            {
                page.Add(ticket);
            }

            total++;
        }

        return new TicketPageResult(page, total);
    }

    /// <summary>An early page of another order: the first keys are picked in one pass, nothing is sorted whole.</summary>
    private TicketPageResult SelectedPage(TicketQuery query, TicketFilter? filter, int from, int to, int needed)
    {
        var first = new TicketSorting.FirstKeys(needed, query.Descending);
        var total = 0;
        foreach (var ticket in _index.Range(from, to, descending: false))
        {
            if (filter is null || filter.Matches(ticket))
            {
                total++;
                first.Offer(TicketSorting.KeyFor(ticket, query.SortBy, query.Descending));
            }
        }

        var keys = first.ToOrderedArray();
        var skip = needed - query.Limit;
        return new TicketPageResult([.. keys.Skip(skip).Select(key => key.Ticket)], total);
    }

    /// <summary>A deep page of another order: every matching key is sorted.</summary>
    private TicketPageResult SortedPage(TicketQuery query, TicketFilter? filter, int from, int to, long skip)
    {
        using var keys = new TicketSorting.AllKeys(to - from);
        foreach (var ticket in _index.Range(from, to, descending: false))
        {
            if (filter is null || filter.Matches(ticket))
            {
                keys.Add(TicketSorting.KeyFor(ticket, query.SortBy, query.Descending));
            }
        }

        if (skip >= keys.Count)
        {
            return new TicketPageResult([], keys.Count);
        }

        var sorted = keys.Sorted(query.Descending);
        var page = new Ticket[(int)Math.Min(query.Limit, keys.Count - skip)];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = sorted[(int)skip + i].Ticket;
        }

        return new TicketPageResult(page, keys.Count);
    }
}
