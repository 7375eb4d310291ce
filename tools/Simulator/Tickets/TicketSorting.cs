using System.Buffers;

namespace Ticketing.Simulator.Tickets;

/// <summary>
/// Sorting for the orders the (updated_at, id) index does not hold. Each ticket becomes a key of
/// two integers, compared without dereferencing the ticket: a sort over a million tickets spends
/// its time comparing numbers rather than chasing references and comparing id strings.
/// Ties are broken by id, and descending is the exact reverse, except that tickets without a due
/// date come last in both directions (they have no deadline to rank).
/// </summary>
internal static class TicketSorting
{
    private const string IdPrefix = "tkt_";

    public static SortKey KeyFor(Ticket ticket, TicketSortField field, bool descending)
    {
        long primary = field switch
        {
            TicketSortField.CreatedAt => ticket.CreatedAt.Ticks,
            TicketSortField.Priority => (long)ticket.Priority,
            TicketSortField.Status => (long)ticket.Status,
            TicketSortField.DueDate => ticket.DueDate?.Ticks ?? long.MaxValue,
            _ => ticket.UpdatedAt.Ticks,
        };

        if (descending && !(field == TicketSortField.DueDate && ticket.DueDate is null))
        {
            primary = -primary;
        }

        // Zero marks an id not made by OpaqueIds; those fall back to comparing the strings.
        var idKey = ticket.Id.StartsWith(IdPrefix, StringComparison.Ordinal) && OpaqueIds.TryDecode(ticket.Id, IdPrefix.Length, out var decoded)
            ? decoded + 1
            : 0;
        return new SortKey(primary, idKey, ticket);
    }

    public static IComparer<SortKey> Comparer(bool descending) => descending ? SortKeyComparer.Descending : SortKeyComparer.Ascending;

    internal readonly record struct SortKey(long Primary, ulong IdKey, Ticket Ticket);

    /// <summary>
    /// Keeps the first <c>needed</c> keys offered, in one pass: a max-heap whose root is the key to
    /// evict next, so most keys are turned away by a single comparison. For early pages this avoids
    /// sorting (and allocating for) every ticket.
    /// </summary>
    internal sealed class FirstKeys(int needed, bool descending)
    {
        private readonly IComparer<SortKey> _order = Comparer(descending);
        private readonly PriorityQueue<SortKey, SortKey> _heap = new(needed + 1, new Reversed(Comparer(descending)));

        public void Offer(SortKey key)
        {
            if (_heap.Count < needed)
            {
                _heap.Enqueue(key, key);
            }
            else if (_order.Compare(key, _heap.Peek()) < 0)
            {
                _heap.DequeueEnqueue(key, key);
            }
        }

        /// <summary>The kept keys in sort order.</summary>
        public SortKey[] ToOrderedArray()
        {
            var result = new SortKey[_heap.Count];
            for (var i = result.Length - 1; i >= 0; i--)
            {
                result[i] = _heap.Dequeue();
            }

            return result;
        }
    }

    /// <summary>Collects every key for a full sort, in an array rented from the pool (a million keys are 24 MB).</summary>
    internal sealed class AllKeys(int capacity) : IDisposable
    {
        private SortKey[] _keys = ArrayPool<SortKey>.Shared.Rent(Math.Max(1, capacity));

        public int Count { get; private set; }

        public void Add(SortKey key) => _keys[Count++] = key;

        public ReadOnlySpan<SortKey> Sorted(bool descending)
        {
            Array.Sort(_keys, 0, Count, Comparer(descending));
            return _keys.AsSpan(0, Count);
        }

        public void Dispose()
        {
            // Keys hold ticket references: clear them so the pool does not keep deleted tickets alive.
            ArrayPool<SortKey>.Shared.Return(_keys, clearArray: true);
            _keys = [];
        }
    }

    /// <summary>Descending reverses every comparison, including the id tie-break; the keys already place missing due dates last.</summary>
    private sealed class SortKeyComparer(int direction) : IComparer<SortKey>
    {
        public static SortKeyComparer Ascending { get; } = new(1);

        public static SortKeyComparer Descending { get; } = new(-1);

        public int Compare(SortKey x, SortKey y)
        {
            var byPrimary = x.Primary.CompareTo(y.Primary);
            if (byPrimary != 0)
            {
                return byPrimary;
            }

            // For ids of one shape the numeric order is the ordinal string order (see OpaqueIds.TryDecode).
            var byId = x.IdKey != 0 && y.IdKey != 0
                ? x.IdKey.CompareTo(y.IdKey)
                : string.CompareOrdinal(x.Ticket.Id, y.Ticket.Id);
            return direction * byId;
        }
    }

    private sealed class Reversed(IComparer<SortKey> order) : IComparer<SortKey>
    {
        public int Compare(SortKey x, SortKey y) => order.Compare(y, x);
    }
}
