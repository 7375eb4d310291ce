namespace Ticketing.Simulator.Tickets;

/// <summary>
/// Idempotency-Key values remembered for 24 hours with what the first request created. Not
/// thread-safe: the store's write lock guards it.
/// </summary>
internal sealed class IdempotencyKeys<T>
    where T : class
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly Dictionary<string, (T Value, DateTime ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private DateTime _nextSweep;

    public T? Find(string? key, DateTime now)
    {
        if (key is null)
        {
            return null;
        }

        Prune(now);
        return _entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now ? entry.Value : null;
    }

    public void Remember(string? key, T value, DateTime now)
    {
        if (key is not null)
        {
            _entries[key] = (value, now + Window);
        }
    }

    public void Clear() => _entries.Clear();

    private void Prune(DateTime now)
    {
        // Swept at most once a minute, so a POST stays O(1) on average however many keys are held.
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now.AddMinutes(1);
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.Remove(key);
            }
        }
    }
}
