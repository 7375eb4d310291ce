namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// The paging state of the change stream over <c>GET /tickets?updated_since=…&amp;sort_by=updated_at&amp;sort_direction=asc</c>.
/// Offsets over data that changes while it is read skip or repeat records, so the position is a
/// timestamp instead: after each page the cursor moves to the page's newest <c>updated_at</c> and the
/// next request starts there again (an overlap), skipping the ids already passed on at exactly that
/// timestamp. Only when more records share one timestamp than fit on a page does the cursor page
/// through that tie with the same <c>updated_since</c>, until a later timestamp appears.
/// </summary>
public sealed class ChangeFeedCursor
{
    private HashSet<string> _seenAtSince = new(StringComparer.Ordinal);

    public ChangeFeedCursor(DateTimeOffset? since, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        Since = since;
        PageSize = pageSize;
    }

    /// <summary>The <c>updated_since</c> of the next request; null for everything.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>The <c>page</c> of the next request, 1-based.</summary>
    public int Page { get; private set; } = 1;

    public int PageSize { get; }

    public bool IsDone { get; private set; }

    /// <summary>How many ids at <see cref="Since"/> have been passed on; the de-duplication set's size.</summary>
    public int SeenAtSince => _seenAtSince.Count;

    /// <summary>Whether this version of a record was already passed on (the overlap of the previous page).</summary>
    public bool IsDuplicate(string id, DateTimeOffset updatedAt) =>
        Since == updatedAt && _seenAtSince.Contains(id);

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
        if (recordCount < limit || (totalPages is { } pages && Page >= pages))
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

        // The records at Since start the result set of the next request, so those already seen fill
        // its first pages: page 1 again when they are fewer than a page (skipped as duplicates).
        var newest = keys.Max(k => k.UpdatedAt);
        if (Since is null || newest > Since)
        {
            Since = newest;
            _seenAtSince = new HashSet<string>(keys.Where(k => k.UpdatedAt == newest).Select(k => k.Id), StringComparer.Ordinal);
            Page = (_seenAtSince.Count / limit) + 1;
        }
        else
        {
            // The whole page shares the cursor's timestamp, a tie larger than a page: page on through it.
            foreach (var key in keys.Where(k => k.UpdatedAt == Since))
            {
                _seenAtSince.Add(key.Id);
            }

            Page = Math.Max(Page + 1, (_seenAtSince.Count / limit) + 1);
        }
    }
}
