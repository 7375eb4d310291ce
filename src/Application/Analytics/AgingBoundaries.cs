namespace Ticketing.Application.Analytics;

/// <summary>
/// The age buckets of open tickets. Age counts local calendar days since the day a ticket was created
/// (the rollups keep days, not hours): "0–1 d" is created today or yesterday, "1–3 d" two or three
/// days ago, "3–7 d" four to seven, "1–4 w" eight to twenty-eight, "older" before that.
/// </summary>
public static class AgingBoundaries
{
    /// <summary>Tickets created this many days ago or earlier are "older".</summary>
    public const int OlderFromDays = 29;

    private static readonly (string Label, int Min, int? Max)[] Ranges =
    [
        ("0–1 d", 0, 1),
        ("1–3 d", 2, 3),
        ("3–7 d", 4, 7),
        ("1–4 w", 8, 28),
        ("older", OlderFromDays, null),
    ];

    /// <summary>
    /// The buckets from the open tickets per creation day of the last <see cref="OlderFromDays"/> days
    /// (a day after <paramref name="today"/> counts as today) and the open total, whose rest is "older".
    /// </summary>
    public static IReadOnlyList<AgingBucket> Buckets(DateOnly today, long openTotal, IReadOnlyDictionary<DateOnly, long> openByCreatedDay)
    {
        ArgumentNullException.ThrowIfNull(openByCreatedDay);
        var counts = new long[Ranges.Length];
        foreach (var (day, tickets) in openByCreatedDay)
        {
            var age = Math.Max(0, today.DayNumber - day.DayNumber);
            var index = Array.FindIndex(Ranges, r => age >= r.Min && (r.Max is null || age <= r.Max));
            counts[index] += tickets;
        }

        counts[^1] = openTotal - counts[..^1].Sum();
        return Ranges.Select((r, i) => new AgingBucket(r.Label, r.Min, r.Max, counts[i])).ToList();
    }
}
