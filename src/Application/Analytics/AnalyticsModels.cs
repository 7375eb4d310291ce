using System.ComponentModel;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Analytics;

/// <summary>
/// What the analytics figures count: tickets in any of <see cref="Categories"/>, any of
/// <see cref="Departments"/>, any of <see cref="Priorities"/>, assigned to any of
/// <see cref="Assignees"/> (remote assignee ids) and under any of <see cref="Policies"/> (SLA policy
/// ids, <c>ticket_sla</c>); an empty list means any.
/// </summary>
public sealed record AnalyticsFilter(
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Departments,
    IReadOnlyList<TicketPriority> Priorities,
    IReadOnlyList<string> Assignees)
{
    public static AnalyticsFilter None { get; } = new([], [], [], []);

    public IReadOnlyList<Guid> Policies { get; init; } = [];

    public bool IsEmpty => Categories.Count == 0 && Departments.Count == 0 && Priorities.Count == 0 && Assignees.Count == 0 && Policies.Count == 0;

    /// <summary>A stable text of the filter, for a cache key.</summary>
    public string Key =>
        string.Join('|',
            string.Join(',', Categories.Order(StringComparer.Ordinal)),
            string.Join(',', Departments.Order(StringComparer.Ordinal)),
            string.Join(',', Priorities.Order()),
            string.Join(',', Assignees.Order(StringComparer.Ordinal)),
            string.Join(',', Policies.Order()));

    /// <summary>The ticket list's filter for the same tickets, narrowed to <paramref name="statuses"/> and one assignee if given.</summary>
    public TicketFilter ToTicketFilter(IReadOnlyList<TicketStatus> statuses, string? assigneeId = null, SlaFilter sla = SlaFilter.Any)
    {
        var assignee = assigneeId is not null
            ? AssigneeFilter.Of(assigneeId)
            : Assignees.Count > 0 ? new AssigneeFilter(false, false, Assignees) : AssigneeFilter.Any;
        return new TicketFilter(statuses, Priorities, Categories, Departments, assignee, null, sla) { Policies = Policies };
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

    /// <summary>
    /// Every day there is (PostgreSQL reads the bounds as -infinity and infinity): the KPI strip's SLA compliance is
    /// over all resolved tickets, as its other figures are.
    /// </summary>
    public static AnalyticsPeriod AllTime { get; } = new(DateOnly.MinValue, DateOnly.MaxValue);

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

/// <summary>
/// The reopen rate of one group (as <see cref="ResolutionTimes"/>): of the <see cref="Resolved"/> tickets
/// resolved in the period (resolved or closed now, by their resolution day), the <see cref="Reopened"/>
/// ones that had been reopened at least once before — a status change in their history from resolved or
/// closed back to an active status (docs/decisions/127-analytics-reopen-rate.md).
/// </summary>
public sealed record ReopenRate(string Dimension, string? Key, string Label, long Resolved, long Reopened)
{
    public double? Percent => Resolved == 0 ? null : 100.0 * Reopened / Resolved;
}

/// <summary>
/// One SLA policy's outcomes for the tickets resolved in a month (within the period), from
/// <c>ticket_sla</c>: first responses and resolutions met or breached by the policy's due times.
/// </summary>
public sealed record SlaMonth(DateOnly Month, Guid PolicyId, string Policy, long ResponseMet, long ResponseBreached, long ResolutionMet, long ResolutionBreached)
{
    public double? ResponsePercent => ResponseMet + ResponseBreached == 0 ? null : 100.0 * ResponseMet / (ResponseMet + ResponseBreached);

    public double? ResolutionPercent => ResolutionMet + ResolutionBreached == 0 ? null : 100.0 * ResolutionMet / (ResolutionMet + ResolutionBreached);
}

/// <summary>
/// Resolutions that met and that breached their SLA policy's target, summed over policies and months, and the share
/// met: the one rule behind the analytics page's key figure and the KPI strip's "SLA compliance" (decision 145).
/// </summary>
public readonly record struct SlaResolutionTotals(long Met, long Breached)
{
    public long Measured => Met + Breached;

    /// <summary>Met ÷ (met + breached) in percent; null when no resolved ticket has an outcome by a policy.</summary>
    public double? Percent => Measured == 0 ? null : 100.0 * Met / Measured;

    public static SlaResolutionTotals Of(IEnumerable<SlaMonth> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        long met = 0, breached = 0;
        foreach (var month in months)
        {
            met += month.ResolutionMet;
            breached += month.ResolutionBreached;
        }

        return new SlaResolutionTotals(met, breached);
    }
}

/// <summary>An SLA policy the figures can be narrowed to.</summary>
public sealed record PolicyOption(Guid Id, string Name);

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
    IReadOnlyList<DimensionCount> TopDepartments)
{
    /// <summary>First-response times (first public reply by an agent) of tickets answered in the period, by the same groups.</summary>
    public IReadOnlyList<ResolutionTimes> FirstResponseTimes { get; init; } = [];

    /// <summary>The reopen rate overall and by category, priority, department and assignee, for the groups with resolutions.</summary>
    public IReadOnlyList<ReopenRate> Reopens { get; init; } = [];

    /// <summary>The SLA policies there are, for the policy filter.</summary>
    public IReadOnlyList<PolicyOption> Policies { get; init; } = [];
}

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

    /// <summary>The share of resolutions met by their policy, over every policy and month of the period.</summary>
    public double? SlaPercent => SlaResolutionTotals.Of(SlaCompliance).Percent;

    public ReopenRate? OverallReopens => Figures.Reopens.FirstOrDefault(r => r.Dimension == ResolutionBuckets.All);

    public ResolutionTimes? Overall => Figures.ResolutionTimes.FirstOrDefault(r => r.Dimension == ResolutionBuckets.All);

    public ResolutionTimes? OverallFirstResponse => Figures.FirstResponseTimes.FirstOrDefault(r => r.Dimension == ResolutionBuckets.All);
}
