namespace Ticketing.Simulator.Tickets;

/// <summary>
/// Live tickets ordered by (updated_at, id): the default sort and the order an updated_since cursor
/// walks. Kept in chunks of at most <see cref="ChunkCapacity"/> references so that moving a ticket
/// to the end after a change costs a small array shift, not a shift of a million references, while
/// positions (page N) stay cheap to find by summing chunk sizes. Not thread-safe: the store's lock
/// guards it.
/// </summary>
internal sealed class UpdatedAtIndex
{
    private const int ChunkCapacity = 1024;
    private const int LoadFill = 768;

    private readonly List<Chunk> _chunks = [];

    public int Count { get; private set; }

    public static int Compare(Ticket ticket, DateTime updatedAt, string id)
    {
        var byTime = ticket.UpdatedAt.CompareTo(updatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(ticket.Id, id);
    }

    public static int Compare(Ticket left, Ticket right) => Compare(left, right.UpdatedAt, right.Id);

    /// <summary>Replaces the content with tickets already sorted by <see cref="Compare(Ticket, Ticket)"/>.</summary>
    public void Load(ReadOnlySpan<Ticket> sorted)
    {
        _chunks.Clear();
        for (var start = 0; start < sorted.Length; start += LoadFill)
        {
            var chunk = new Chunk();
            var part = sorted.Slice(start, Math.Min(LoadFill, sorted.Length - start));
            part.CopyTo(chunk.Items);
            chunk.Count = part.Length;
            _chunks.Add(chunk);
        }

        Count = sorted.Length;
    }

    public void Add(Ticket ticket)
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add(new Chunk());
        }

        var chunkIndex = FindChunk(ticket.UpdatedAt, ticket.Id);
        var chunk = _chunks[chunkIndex];
        if (chunk.Count == ChunkCapacity)
        {
            var upper = new Chunk();
            var half = ChunkCapacity / 2;
            Array.Copy(chunk.Items, half, upper.Items, 0, ChunkCapacity - half);
            Array.Clear(chunk.Items, half, ChunkCapacity - half);
            upper.Count = ChunkCapacity - half;
            chunk.Count = half;
            _chunks.Insert(chunkIndex + 1, upper);
            if (Compare(chunk.Items[half - 1], ticket) < 0)
            {
                chunk = upper;
            }
        }

        var position = LowerBoundInChunk(chunk, ticket.UpdatedAt, ticket.Id);
        Array.Copy(chunk.Items, position, chunk.Items, position + 1, chunk.Count - position);
        chunk.Items[position] = ticket;
        chunk.Count++;
        Count++;
    }

    /// <summary>Removes the entry with the ticket's (updated_at, id); the instance given must carry the indexed key.</summary>
    public bool Remove(Ticket ticket)
    {
        if (_chunks.Count == 0)
        {
            return false;
        }

        var chunkIndex = FindChunk(ticket.UpdatedAt, ticket.Id);
        var chunk = _chunks[chunkIndex];
        var position = LowerBoundInChunk(chunk, ticket.UpdatedAt, ticket.Id);
        if (position >= chunk.Count || Compare(chunk.Items[position], ticket) != 0)
        {
            return false;
        }

        Array.Copy(chunk.Items, position + 1, chunk.Items, position, chunk.Count - position - 1);
        chunk.Count--;
        chunk.Items[chunk.Count] = null!;
        Count--;
        if (chunk.Count == 0)
        {
            _chunks.RemoveAt(chunkIndex);
        }

        return true;
    }

    /// <summary>Position of the first ticket with updated_at at or after <paramref name="since"/>.</summary>
    public int LowerBound(DateTime since)
    {
        var position = 0;
        foreach (var chunk in _chunks)
        {
            if (chunk.Items[chunk.Count - 1].UpdatedAt >= since)
            {
                return position + LowerBoundInChunk(chunk, since, string.Empty);
            }

            position += chunk.Count;
        }

        return position;
    }

    public Ticket ElementAt(int position)
    {
        var (chunkIndex, offset) = Locate(position);
        return _chunks[chunkIndex].Items[offset];
    }

    /// <summary>Tickets at positions [from, to), ascending or (descending) from to - 1 down to from.</summary>
    public IEnumerable<Ticket> Range(int from, int to, bool descending)
    {
        if (from >= to)
        {
            yield break;
        }

        if (!descending)
        {
            var (chunkIndex, offset) = Locate(from);
            for (var remaining = to - from; remaining > 0; chunkIndex++, offset = 0)
            {
                var chunk = _chunks[chunkIndex];
                for (; offset < chunk.Count && remaining > 0; offset++, remaining--)
                {
                    yield return chunk.Items[offset];
                }
            }
        }
        else
        {
            var (chunkIndex, offset) = Locate(to - 1);
            for (var remaining = to - from; remaining > 0; chunkIndex--)
            {
                var chunk = _chunks[chunkIndex];
                for (; offset >= 0 && remaining > 0; offset--, remaining--)
                {
                    yield return chunk.Items[offset];
                }

                if (chunkIndex > 0)
                {
                    offset = _chunks[chunkIndex - 1].Count - 1;
                }
            }
        }
    }

    public Ticket[] ToArray()
    {
        var result = new Ticket[Count];
        var position = 0;
        foreach (var chunk in _chunks)
        {
            Array.Copy(chunk.Items, 0, result, position, chunk.Count);
            position += chunk.Count;
        }

        return result;
    }

    private (int ChunkIndex, int Offset) Locate(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Count);
        for (var chunkIndex = 0; ; chunkIndex++)
        {
            var count = _chunks[chunkIndex].Count;
            if (position < count)
            {
                return (chunkIndex, position);
            }

            position -= count;
        }
    }

    /// <summary>The first chunk whose last entry is not below the key, or the last chunk.</summary>
    private int FindChunk(DateTime updatedAt, string id)
    {
        int low = 0, high = _chunks.Count - 1;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var chunk = _chunks[middle];
            if (Compare(chunk.Items[chunk.Count - 1], updatedAt, id) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int LowerBoundInChunk(Chunk chunk, DateTime updatedAt, string id)
    {
        int low = 0, high = chunk.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Compare(chunk.Items[middle], updatedAt, id) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private sealed class Chunk
    {
        public Ticket[] Items { get; } = new Ticket[ChunkCapacity];

        public int Count { get; set; }
    }
}
