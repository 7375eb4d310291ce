using System.ComponentModel;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Analytics;

/// <summary>
/// What the analytics figures count: tickets in any of <see cref="Categories"/>, any of
/// <see cref="Departments"/>, any of <see cref="Priorities"/> and assigned to any of
/// <see cref="Assignees"/> (remote assignee ids); an empty list means any.
/// </summary>
public sealed record AnalyticsFilter(
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Departments,
    IReadOnlyList<TicketPriority> Priorities,
    IReadOnlyList<string> Assignees)
{
    public static AnalyticsFilter None { get; } = new([], [], [], []);

    public bool IsEmpty => Categories.Count == 0 && Departments.Count == 0 && Priorities.Count == 0 && Assignees.Count == 0;

    /// <summary>A stable text of the filter, for a cache key.</summary>
    public string Key =>
        string.Join('|',
            string.Join(',', Categories.Order(StringComparer.Ordinal)),
            string.Join(',', Departments.Order(StringComparer.Ordinal)),
            string.Join(',', Priorities.Order()),
            string.Join(',', Assignees.Order(StringComparer.Ordinal)));

    /// <summary>The ticket list's filter for the same tickets, narrowed to <paramref name="statuses"/> and one assignee if given.</summary>
    public TicketFilter ToTicketFilter(IReadOnlyList<TicketStatus> statuses, string? assigneeId = null, SlaFilter sla = SlaFilter.Any)
    {
        var assignee = assigneeId is not null
            ? AssigneeFilter.Of(assigneeId)
            : Assignees.Count > 0 ? new AssigneeFilter(false, false, Assignees) : AssigneeFilter.Any;
        return new TicketFilter(statuses, Priorities, Categories, Departments, assignee, null, sla);
    }

    public bool Equals(AnalyticsFilter? other) => other is not null && Key == other.Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
}

/// <summary>Local calendar days <see cref="From"/> to <see cref="To"/>, both included.</summary>
public sealed record AnalyticsPeriod(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The as-long period just before this one, for comparison.</summary>
    public AnalyticsPeriod Previous() => new(From.AddDays(-Days), From.AddDays(-1));

    /// <summary>The last <paramref name="days"/> days up to and including <paramref name="today"/>.</summary>
    public static AnalyticsPeriod Last(int days, DateOnly today) => new(today.AddDays(1 - days), today);
}

/// <summary>The figures' scope: the period, the filter, the zone whose days they count, and that zone's today.</summary>
public sealed record AnalyticsScope(AnalyticsPeriod Period, AnalyticsFilter Filter, string Zone, DateOnly Today, DateTimeOffset Now);

/// <summary>One local day: tickets created and resolved on it, and those open at its end.</summary>
public sealed record AnalyticsDay(DateOnly Day, long Created, long Resolved, long Backlog);

/// <summary>
/// Resolution times of one group (a category, priority, department or assignee; <see cref="Key"/> null
/// for "none"), from tickets resolved in the period: p50 and p90 as the upper edge of the histogram
/// bucket the percentile falls in (see <see cref="ResolutionBuckets"/>).
/// </summary>
public sealed record ResolutionTimes(string Dimension, string? Key, string Label, long Resolved, TimeSpan? P50, TimeSpan? P90);

/// <summary>Tickets resolved in a month (within the period) that had a due date, and how many by it.</summary>
public sealed record SlaMonth(DateOnly Month, long WithDue, long Met)
{
    public double? Percent => WithDue == 0 ? null : 100.0 * Met / WithDue;
}

/// <summary>Open tickets by age (local days since creation): <see cref="MinDays"/> to <see cref="MaxDays"/> (null: no bound).</summary>
public sealed record AgingBucket(string Label, int MinDays, int? MaxDays, long Tickets);

/// <summary>One assignee's workload (<see cref="AssigneeId"/> null: unassigned).</summary>
public sealed record AssigneeWorkload(string? AssigneeId, string Name, long Open, long Overdue, long ResolvedInPeriod);

/// <summary>A count per value of a dimension (<see cref="Key"/> null for "none").</summary>
public sealed record DimensionCount(string? Key, string Label, long Tickets);

/// <summary>The rollup figures the reader returns; the SLA figures come from <c>ISlaComplianceFigures</c>.</summary>
public sealed record AnalyticsFigures(
    IReadOnlyList<AnalyticsDay> Days,
    IReadOnlyList<AnalyticsDay> PreviousDays,
    long OpenNow,
    IReadOnlyList<ResolutionTimes> ResolutionTimes,
    IReadOnlyList<AgingBucket> Aging,
    IReadOnlyList<AssigneeWorkload> Workload,
    IReadOnlyList<DimensionCount> TopDepartments);

/// <summary>Everything the analytics page, its CSVs and its PDF show.</summary>
[ImmutableObject(true)]
public sealed record AnalyticsReport(
    AnalyticsScope Scope,
    AnalyticsFigures Figures,
    IReadOnlyList<SlaMonth> SlaCompliance,
    string SlaBasis)
{
    public long Created => Figures.Days.Sum(d => d.Created);

    public long Resolved => Figures.Days.Sum(d => d.Resolved);

    public long PreviousCreated => Figures.PreviousDays.Sum(d => d.Created);

    public long PreviousResolved => Figures.PreviousDays.Sum(d => d.Resolved);

    public long BacklogAtEnd => Figures.Days.Count == 0 ? Figures.OpenNow : Figures.Days[^1].Backlog;

    public long? PreviousBacklogAtEnd => Figures.PreviousDays.Count == 0 ? null : Figures.PreviousDays[^1].Backlog;

    public double? SlaPercent
    {
        get
        {
            var withDue = SlaCompliance.Sum(m => m.WithDue);
            return withDue == 0 ? null : 100.0 * SlaCompliance.Sum(m => m.Met) / withDue;
        }
    }

    public ResolutionTimes? Overall => Figures.ResolutionTimes.FirstOrDefault(r => r.Dimension == ResolutionBuckets.All);
}
