namespace Ticketing.Domain.Sla;

/// <summary>
/// The time an SLA clock runs: the calendar's working spans (or every hour, for calendar-hour targets)
/// minus the spans in which the clock is paused. <see cref="Add"/> and <see cref="Measure"/> are exact
/// inverses: measuring from a start to <c>Add(start, amount)</c> gives <c>amount</c> back.
/// </summary>
public sealed class SlaClock
{
    private readonly BusinessCalendar? _calendar;
    private readonly Interval[] _pauses;

    /// <param name="calendar">Working hours; null counts every hour (calendar hours).</param>
    /// <param name="pauses">Spans in which the clock stands still, in any order, overlaps allowed; a pause
    /// still going on ends at <see cref="DateTimeOffset.MaxValue"/>.</param>
    public SlaClock(BusinessCalendar? calendar, IEnumerable<Interval> pauses)
    {
        _calendar = calendar;
        _pauses = Merge(pauses);
    }

    /// <summary>
    /// A clock that counts every hour and never pauses: most tickets under a calendar-hours policy. Its sums are
    /// plain instants, and a full recompute of a million tickets asks for several per ticket.
    /// </summary>
    private bool Plain => _calendar is null && _pauses.Length == 0;

    public static SlaClock AlwaysRunning { get; } = new(null, []);

    /// <summary>
    /// The earliest instant at which <paramref name="amount"/> of running time has passed since
    /// <paramref name="from"/>; null when the clock never runs that long (paused for good, or no working time).
    /// </summary>
    public DateTimeOffset? Add(DateTimeOffset from, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        if (amount == TimeSpan.Zero)
        {
            return from;
        }

        if (Plain)
        {
            return DateTimeOffset.MaxValue - from >= amount ? from + amount : null;
        }

        var remaining = amount;
        foreach (var span in Running(from))
        {
            var length = span.Length;
            if (remaining <= length)
            {
                return span.Start + remaining;
            }

            remaining -= length;
        }

        return null;
    }

    /// <summary>The running time between <paramref name="from"/> and <paramref name="to"/> (zero when <paramref name="to"/> is not later).</summary>
    public TimeSpan Measure(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }

        if (Plain)
        {
            return to - from;
        }

        foreach (var span in Running(from))
        {
            if (span.Start >= to)
            {
                break;
            }

            total += (span.End < to ? span.End : to) - span.Start;
            if (span.End >= to)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>How long the clock stood still between <paramref name="from"/> and <paramref name="to"/> because of pauses alone.</summary>
    public TimeSpan PausedBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        foreach (var pause in _pauses)
        {
            var start = pause.Start > from ? pause.Start : from;
            var end = pause.End < to ? pause.End : to;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    /// <summary>Whether a pause covers <paramref name="at"/>.</summary>
    public bool IsPausedAt(DateTimeOffset at) => _pauses.Any(p => p.Start <= at && at < p.End);

    /// <summary>The spans in which the clock runs, from <paramref name="from"/> on, in order.</summary>
    public IEnumerable<Interval> Running(DateTimeOffset from)
    {
        var open = _calendar?.OpenFrom(from) ?? [new Interval(from, DateTimeOffset.MaxValue)];
        var pauseIndex = 0;
        foreach (var span in open)
        {
            var start = span.Start;
            while (start < span.End)
            {
                while (pauseIndex < _pauses.Length && _pauses[pauseIndex].End <= start)
                {
                    pauseIndex++;
                }

                if (pauseIndex == _pauses.Length || _pauses[pauseIndex].Start >= span.End)
                {
                    yield return new Interval(start, span.End);
                    break;
                }

                var pause = _pauses[pauseIndex];
                if (pause.Start > start)
                {
                    yield return new Interval(start, pause.Start);
                }

                start = pause.End;
            }

            if (pauseIndex < _pauses.Length && _pauses[pauseIndex].End == DateTimeOffset.MaxValue && _pauses[pauseIndex].Start <= span.End)
            {
                // Paused for good: no later span runs.
                yield break;
            }
        }
    }

    private static Interval[] Merge(IEnumerable<Interval> pauses)
    {
        if (pauses is IReadOnlyCollection<Interval> { Count: 0 })
        {
            return [];
        }

        var sorted = pauses.Where(p => p.End > p.Start).OrderBy(p => p.Start).ToList();
        var merged = new List<Interval>(sorted.Count);
        foreach (var pause in sorted)
        {
            if (merged.Count > 0 && pause.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = pause.End > last.End ? pause.End : last.End };
            }
            else
            {
                merged.Add(pause);
            }
        }

        return [.. merged];
    }
}
