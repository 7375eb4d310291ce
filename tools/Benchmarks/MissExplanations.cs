namespace Ticketing.Benchmarks;

/// <summary>
/// Why a target is missed and what would fix it, keyed by figure id (or an id prefix such as
/// <c>list</c>). Written from the profiling of the run that produced docs/benchmarks.md; a miss
/// without an entry says so in the report.
/// </summary>
public static class MissExplanations
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };
}
