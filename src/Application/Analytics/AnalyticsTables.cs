using System.Globalization;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Analytics;

/// <summary>
/// One cell of a figure's table: its text, its number (for the CSV and the chart), and the ticket
/// list filter that shows exactly the tickets it counts, when the list can say it.
/// </summary>
public sealed record TableCell(string Text, double? Number = null, TicketFilter? DrillDown = null);

/// <summary>A figure's table: what the page, the CSV and the PDF show of it.</summary>
public sealed record FigureTable(string Key, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows);

/// <summary>
/// The analytics figures as tables, one per chart, in the page's order: the page renders them (and
/// draws its charts from them), the CSV writes them and the PDF prints them, so the three agree.
/// </summary>
public static class AnalyticsTables
{
    public const string Daily = "created-resolved";
    public const string Backlog = "backlog";
    public const string Resolution = "resolution";
    public const string FirstResponse = "first-response";
    public const string Reopens = "reopens";
    public const string Sla = "sla";
    public const string Aging = "aging";
    public const string Workload = "workload";
    public const string Departments = "departments";

    public static IReadOnlyList<string> Keys { get; } = [Daily, Backlog, Resolution, Reopens, FirstResponse, Sla, Aging, Workload, Departments];

    public static IReadOnlyList<FigureTable> Build(AnalyticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var f = report.Figures;
        var drill = new DrillDowns(report.Scope);
        return
        [
            new FigureTable(Daily, "Created and resolved per day", ["Day", "Created", "Resolved"],
                f.Days.Select(d => Row(
                    new TableCell(DayLabel(d.Day)),
                    Count(d.Created, drill.Created(d.Day, d.Day)),
                    Count(d.Resolved, drill.Resolved(d.Day, d.Day)))).ToList()),
            new FigureTable(Backlog, "Backlog: open tickets at each day's end", ["Day", "Open at end of day"],
                f.Days.Select(d => Row(new TableCell(DayLabel(d.Day)), Count(d.Backlog, drill.OpenAtEndOf(d.Day)))).ToList()),
            new FigureTable(Resolution, "Time to resolution of tickets resolved in the period", ["Group", "Value", "Resolved", "p50 (at most)", "p90 (at most)"],
                f.ResolutionTimes.Select(r => Row(
                    new TableCell(DimensionLabel(r.Dimension)),
                    new TableCell(r.Label),
                    Count(r.Resolved, DrillDowns.Group(drill.Resolved(report.Scope.Period.From, report.Scope.Period.To), r.Dimension, r.Key)),
                    Duration(r.P50),
                    Duration(r.P90))).ToList()),
            new FigureTable(Reopens, "Reopen rate of tickets resolved in the period", ["Group", "Value", "Resolved", "Reopened before", "Reopen rate"],
                f.Reopens.Select(r => Row(
                    new TableCell(DimensionLabel(r.Dimension)),
                    new TableCell(r.Label),
                    Count(r.Resolved, DrillDowns.Group(drill.Resolved(report.Scope.Period.From, report.Scope.Period.To), r.Dimension, r.Key)),
                    Count(r.Reopened, DrillDowns.Group(drill.Resolved(report.Scope.Period.From, report.Scope.Period.To) with { Reopened = true }, r.Dimension, r.Key)),
                    Percent(r.Percent))).ToList()),
            new FigureTable(FirstResponse, "First-response time of tickets first answered in the period", ["Group", "Value", "Answered", "p50 (at most)", "p90 (at most)"],
                f.FirstResponseTimes.Select(r => Row(
                    new TableCell(DimensionLabel(r.Dimension)),
                    new TableCell(r.Label),
                    Count(r.Resolved, DrillDowns.Group(drill.Responded(), r.Dimension, r.Key)),
                    Duration(r.P50),
                    Duration(r.P90))).ToList()),
            new FigureTable(Sla, $"SLA compliance by month ({report.SlaBasis})",
                ["Month", "Policy", "Resolution %", "Resolutions met", "Resolutions breached", "First reply %", "First replies met", "First replies breached"],
                report.SlaCompliance.Select(m => Row(
                    new TableCell(m.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)),
                    new TableCell(m.Policy),
                    Percent(m.ResolutionPercent),
                    Count(m.ResolutionMet, drill.SlaCell(m, SlaTarget.Resolution, met: true)),
                    Count(m.ResolutionBreached, drill.SlaCell(m, SlaTarget.Resolution, met: false)),
                    Percent(m.ResponsePercent),
                    Count(m.ResponseMet, drill.SlaCell(m, SlaTarget.FirstResponse, met: true)),
                    Count(m.ResponseBreached, drill.SlaCell(m, SlaTarget.FirstResponse, met: false)))).ToList()),
            new FigureTable(Aging, "Aging of open tickets (now)", ["Age", "Open tickets"],
                f.Aging.Select(a => Row(new TableCell(a.Label), Count(a.Tickets, drill.Aged(a)))).ToList()),
            new FigureTable(Workload, "Workload per assignee", ["Assignee", "Open", "Overdue", "Resolved in period"],
                f.Workload.Select(w => Row(
                    new TableCell(w.Name),
                    Count(w.Open, drill.ForAssignee(w.AssigneeId, SlaFilter.Any)),
                    Count(w.Overdue, drill.ForAssignee(w.AssigneeId, SlaFilter.Overdue)),
                    Count(w.ResolvedInPeriod, DrillDowns.Group(drill.Resolved(report.Scope.Period.From, report.Scope.Period.To), ResolutionBuckets.Assignee, w.AssigneeId)))).ToList()),
            new FigureTable(Departments, "Top requesters' departments (tickets created in the period)", ["Department", "Created"],
                f.TopDepartments.Select(d => Row(
                    new TableCell(d.Label),
                    Count(d.Tickets, drill.Created(report.Scope.Period.From, report.Scope.Period.To) with { Departments = [d.Key ?? TicketFilter.NoDepartment] }))).ToList()),
        ];
    }

    public static string DayLabel(DateOnly day) => day.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DimensionLabel(string dimension) => dimension switch
    {
        ResolutionBuckets.All => "All",
        ResolutionBuckets.Category => "Category",
        ResolutionBuckets.Priority => "Priority",
        ResolutionBuckets.Department => "Department",
        ResolutionBuckets.Assignee => "Assignee",
        _ => dimension,
    };

    public static string CountText(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"8 h", "3 d", "over 90 d"; "—" when there is nothing to measure.</summary>
    public static string DurationText(TimeSpan? value) => value switch
    {
        null => "—",
        { } v when v == TimeSpan.MaxValue => $"over {ResolutionBuckets.UpperEdges[^1].TotalDays:0} d",
        { TotalMinutes: < 60 } v => $"{v.TotalMinutes:0} min",
        { TotalHours: < 24 } v => $"{v.TotalHours:0} h",
        { } v => $"{v.TotalDays:0} d",
    };

    public static string PercentText(double? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>
    /// The ticket list's filters for exactly the tickets a figure counts (docs/decisions/120-analytics-rollups.md):
    /// local days of the figures' zone become instants, so a day's list holds that day's tickets.
    /// </summary>
    private sealed class DrillDowns(AnalyticsScope scope)
    {
        private static readonly IReadOnlyList<TicketStatus> ActiveStatuses = TicketRules.ActiveStatuses.Order().ToList();
        private static readonly IReadOnlyList<TicketStatus> ResolvedStatuses = TicketRules.ResolvedStatuses.Order().ToList();

        private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(scope.Zone);

        private AnalyticsFilter Filter => scope.Filter;

        public TicketFilter Created(DateOnly from, DateOnly to) => Filter.ToTicketFilter([]) with { Created = Days(from, to) };

        public TicketFilter Resolved(DateOnly from, DateOnly to) => Filter.ToTicketFilter(ResolvedStatuses) with { Resolved = Days(from, to) };

        public TicketFilter OpenAtEndOf(DateOnly day) => Filter.ToTicketFilter([]) with { OpenAt = Start(day.AddDays(1)) };

        /// <summary>
        /// One cell of the SLA compliance table: the policy's tickets resolved in that month's days of the period
        /// whose target was met (or breached), as the rollups count them on the resolution day.
        /// </summary>
        public TicketFilter SlaCell(SlaMonth month, SlaTarget target, bool met) => Filter.ToTicketFilter(ResolvedStatuses) with
        {
            Resolved = Days(
                month.Month < scope.Period.From ? scope.Period.From : month.Month,
                month.Month.AddMonths(1).AddDays(-1) is var last && last > scope.Period.To ? scope.Period.To : last),
            Policies = [month.PolicyId],
            SlaOutcome = new SlaOutcomeFilter(target, met),
        };

        /// <summary>Tickets first answered in the period.</summary>
        public TicketFilter Responded() => Filter.ToTicketFilter([]) with { FirstResponse = Days(scope.Period.From, scope.Period.To) };

        /// <summary><paramref name="tickets"/> narrowed to one group of a time figure, "none" included; null where the list cannot say it.</summary>
        public static TicketFilter? Group(TicketFilter tickets, string dimension, string? key) => dimension switch
        {
            ResolutionBuckets.All => tickets,
            ResolutionBuckets.Assignee => tickets with { Assignee = key is null ? AssigneeFilter.Nobody : AssigneeFilter.Of(key) },
            ResolutionBuckets.Category => tickets with { Categories = [key ?? TicketFilter.NoCategory] },
            ResolutionBuckets.Department => tickets with { Departments = [key ?? TicketFilter.NoDepartment] },
            _ when key is null => null,
            ResolutionBuckets.Priority when WireName<TicketPriority>.TryParse(key, out var priority) => tickets with { Priorities = [priority] },
            _ => null,
        };

        /// <summary>Open tickets of an age bucket: created on the local days the bucket spans (a later day counts as today).</summary>
        public TicketFilter Aged(AgingBucket bucket) => Filter.ToTicketFilter(ActiveStatuses) with
        {
            Created = new TimeWindow(
                bucket.MaxDays is { } max ? Start(scope.Today.AddDays(-max)) : null,
                bucket.MinDays == 0 ? null : Start(scope.Today.AddDays(1 - bucket.MinDays))),
        };

        /// <summary>One assignee's open (or overdue) tickets within the filter; "unassigned" for a null id.</summary>
        public TicketFilter ForAssignee(string? assigneeId, SlaFilter sla)
        {
            var list = Filter.ToTicketFilter(ActiveStatuses, assigneeId, sla);
            return assigneeId is null ? list with { Assignee = AssigneeFilter.Nobody } : list;
        }

        private TimeWindow Days(DateOnly from, DateOnly to) => new(Start(from), Start(to.AddDays(1)));

        private DateTimeOffset Start(DateOnly day) => BusinessCalendar.ToInstant(_zone, day.ToDateTime(TimeOnly.MinValue));
    }

    private static List<TableCell> Row(params TableCell[] cells) => [.. cells];

    private static TableCell Count(long value, TicketFilter? drillDown = null) => new(CountText(value), value, drillDown);

    private static TableCell Duration(TimeSpan? value) =>
        new(DurationText(value), value is { } v && v != TimeSpan.MaxValue ? v.TotalHours : null);

    private static TableCell Percent(double? value) => new(PercentText(value), value);
}
