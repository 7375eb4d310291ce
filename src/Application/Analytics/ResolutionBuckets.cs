namespace Ticketing.Application.Analytics;

/// <summary>
/// The resolution-time histogram the rollups keep (migration AnalyticsRollups spells the same edges):
/// bucket <c>i</c> holds times from edge <c>i - 1</c> (0 for the first) up to edge <c>i</c>; the last
/// bucket has no upper edge. A percentile is the upper edge of the bucket it falls in, so "p50 ≤ 8 h".
/// </summary>
public static class ResolutionBuckets
{
    public const string All = "all";
    public const string Category = "category";
    public const string Priority = "priority";
    public const string Department = "department";
    public const string Assignee = "assignee";

    /// <summary>How many buckets there are: one per upper edge, and the open-ended last one.</summary>
    public const int Count = 17;

    public static IReadOnlyList<TimeSpan> UpperEdges { get; } =
    [
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
        TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromHours(12), TimeSpan.FromDays(1),
        TimeSpan.FromDays(2), TimeSpan.FromDays(3), TimeSpan.FromDays(5), TimeSpan.FromDays(7),
        TimeSpan.FromDays(14), TimeSpan.FromDays(30), TimeSpan.FromDays(60), TimeSpan.FromDays(90),
    ];

    /// <summary>
    /// The upper edge of the bucket holding the <paramref name="percentile"/> (0–100) of the counts
    /// (index = bucket); <see cref="TimeSpan.MaxValue"/> for the open-ended last bucket; null when empty.
    /// </summary>
    public static TimeSpan? Percentile(IReadOnlyList<long> counts, double percentile)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        // The nearest-rank percentile: the smallest value with at least that share of the tickets at or below it.
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var bucket = 0; bucket < counts.Count; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return bucket < UpperEdges.Count ? UpperEdges[bucket] : TimeSpan.MaxValue;
            }
        }

        return TimeSpan.MaxValue;
    }
}
