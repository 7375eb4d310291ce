namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// The paging state of the change stream over <c>GET /tickets?updated_since=…&amp;sort_by=updated_at&amp;sort_direction=asc</c>
/// (ties broken by id).
/// <para>
/// Offsets over data that changes while it is read skip or repeat records, so the position is a
/// timestamp instead: after each page the cursor moves to the page's newest <c>updated_at</c> and the
/// next request starts there again on page 1 (an overlap), skipping the ids already passed on at
/// exactly that timestamp. A page read this way is one snapshot, so nothing between two positions
/// can be missed.
/// </para>
/// <para>
/// Only a tie group (more records sharing one <c>updated_at</c> T than fit on a page) must be paged by
/// number, and there a record that leaves the group (updated to a later time, or deleted) while it is
/// paged shifts every later member up one place, so one member can fall between two pages. The cursor
/// therefore reads such a group in <em>passes</em> (pages 1, 2, … with <c>updated_since</c> = T until a
/// page shows a later record or ends the list) and ends the group only when a pass confirms the one
/// before it: it sees again every id the previous pass saw at T, and no id not yet passed on.
/// </para>
/// <para>
/// Why that cannot skip, given that a record's <c>updated_at</c> only grows and a new version is
/// stamped later than any existing one (so nothing joins T once T is in the past): a pass skips a
/// member only when a member at or before the pass's read position leaves the group; the first such
/// departure in a pass is of a member that pass had observed (everything before the position had been
/// read). A member that left is never at T again, so the next pass cannot see it. Hence if pass k+1
/// sees every id of pass k, pass k skipped nothing, and every record that was in the group throughout
/// pass k was read in it. Records that left the group moved to later timestamps, where the stream
/// still finds them, or were deleted. The group is left at the smallest later timestamp on pass k's
/// last page (one snapshot: nothing lay between T and it, and a new version can only be later still),
/// on page 1 again, so the records after the group are not found by offset either. Each failed
/// confirmation needs a departure (or a join) during the two passes, so passes are few; after
/// <see cref="MaxTiePasses"/> the group is left unverified and counted in <see cref="UnverifiedTieGroups"/>.
/// </para>
/// </summary>
public sealed class ChangeFeedCursor
{
    public const int DefaultMaxTiePasses = 10;

    private HashSet<string> _seenAtSince = new(StringComparer.Ordinal);
    private TieGroup? _tie;

    public ChangeFeedCursor(DateTimeOffset? since, int pageSize, int maxTiePasses = DefaultMaxTiePasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTiePasses, 2);
        Since = since;
        PageSize = pageSize;
        MaxTiePasses = maxTiePasses;
    }

    /// <summary>The <c>updated_since</c> of the next request; null for everything.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>The <c>page</c> of the next request, 1-based.</summary>
    public int Page { get; private set; } = 1;

    public int PageSize { get; }

    /// <summary>How many passes over one tie group are made at most before it is left unverified.</summary>
    public int MaxTiePasses { get; }

    public bool IsDone { get; private set; }

    /// <summary>How many ids at <see cref="Since"/> have been passed on; the de-duplication set's size.</summary>
    public int SeenAtSince => _seenAtSince.Count;

    /// <summary>Whether the cursor is reading a tie group larger than a page, pass by pass.</summary>
    public bool InTieGroup => _tie is not null;

    /// <summary>The pass over the current tie group (1 for the first), 0 outside one.</summary>
    public int TiePass => _tie?.Pass ?? 0;

    /// <summary>Tie groups left after <see cref="MaxTiePasses"/> passes without one confirming the previous.</summary>
    public int UnverifiedTieGroups { get; private set; }

    /// <summary>
    /// Whether a record on the page must not be passed on: this version was already passed on (the
    /// overlap of the previous page), or it lies after the tie group being read (it is read again from
    /// page 1 once the group is done).
    /// </summary>
    public bool IsDuplicate(string id, DateTimeOffset updatedAt) =>
        _tie is not null
            ? updatedAt != Since || _seenAtSince.Contains(id)
            : Since == updatedAt && _seenAtSince.Contains(id);

    /// <summary>
    /// Moves past a page. <paramref name="keys"/> are the id and <c>updated_at</c> of the page's records
    /// that have both (duplicates included); <paramref name="recordCount"/> counts every record;
    /// <paramref name="limit"/> is the page size the remote applied and <paramref name="totalPages"/> its
    /// page count (null when not reported).
    /// </summary>
    public void Advance(IReadOnlyCollection<(string Id, DateTimeOffset UpdatedAt)> keys, int recordCount, int limit, int? totalPages)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (IsDone)
        {
            throw new InvalidOperationException("The change stream has already ended.");
        }

        limit = Math.Max(1, limit);
        var lastPage = recordCount < limit || (totalPages is { } pages && Page >= pages);
        if (_tie is { } tie)
        {
            AdvanceInTie(tie, keys, lastPage);
            return;
        }

        if (lastPage)
        {
            IsDone = true;
            return;
        }

        if (keys.Count == 0)
        {
            // Nothing on the page to take a position from: step over it.
            Page++;
            return;
        }

        var newest = keys.Max(k => k.UpdatedAt);
        if (Since is null || newest > Since)
        {
            Since = newest;
            _seenAtSince = new HashSet<string>(keys.Where(k => k.UpdatedAt == newest).Select(k => k.Id), StringComparer.Ordinal);
            if (_seenAtSince.Count < limit)
            {
                // The records at the new position start the next request's result, so page 1 again
                // (those already seen are skipped as duplicates).
                Page = 1;
                return;
            }
        }
        else
        {
            // The whole page shares the cursor's timestamp.
            _seenAtSince.UnionWith(keys.Select(k => k.Id));
        }

        // A full page at one timestamp: the first page of a tie group larger than a page.
        _tie = new TieGroup(new HashSet<string>(keys.Where(k => k.UpdatedAt == Since).Select(k => k.Id), StringComparer.Ordinal));
        Page++;
    }

    private void AdvanceInTie(TieGroup tie, IReadOnlyCollection<(string Id, DateTimeOffset UpdatedAt)> keys, bool lastPage)
    {
        DateTimeOffset? firstLater = null;
        foreach (var (id, updatedAt) in keys)
        {
            if (updatedAt == Since)
            {
                tie.Observed.Add(id);
                if (_seenAtSince.Add(id))
                {
                    tie.BroughtNew = true;
                }
            }
            else if (updatedAt > Since && (firstLater is null || updatedAt < firstLater))
            {
                firstLater = updatedAt;
            }
        }

        if (firstLater is null && !lastPage)
        {
            Page++;
            return;
        }

        // This page ends the pass: it shows where the group ends (its first later record), or the list ends.
        var exit = firstLater;
        if (tie.Previous is { } previous && !tie.BroughtNew && tie.Observed.IsSupersetOf(previous.Observed))
        {
            LeaveTie(previous.Exit);
            return;
        }

        if (tie.Pass >= MaxTiePasses)
        {
            UnverifiedTieGroups++;
            LeaveTie(exit);
            return;
        }

        _tie = tie.Next(exit);
        Page = 1;
    }

    /// <summary>Leaves the group at its first later timestamp on page 1, or ends the stream when nothing followed it.</summary>
    private void LeaveTie(DateTimeOffset? exit)
    {
        _tie = null;
        if (exit is not { } next)
        {
            IsDone = true;
            return;
        }

        Since = next;
        _seenAtSince = new HashSet<string>(StringComparer.Ordinal);
        Page = 1;
    }

    /// <summary>One pass over a tie group: the ids it saw at the group's timestamp and whether any was new.</summary>
    private sealed class TieGroup(HashSet<string> observed)
    {
        public int Pass { get; private init; } = 1;

        public HashSet<string> Observed { get; } = observed;

        /// <summary>The first pass passes everything on, so it never confirms anything by itself.</summary>
        public bool BroughtNew { get; set; } = true;

        public PassResult? Previous { get; private init; }

        public TieGroup Next(DateTimeOffset? exit) => new(new HashSet<string>(StringComparer.Ordinal))
        {
            Pass = Pass + 1,
            BroughtNew = false,
            Previous = new PassResult(Observed, exit),
        };
    }

    /// <summary>A finished pass: what it saw at the group's timestamp, and where the group ended (null: the list ended).</summary>
    private sealed record PassResult(HashSet<string> Observed, DateTimeOffset? Exit);
}
