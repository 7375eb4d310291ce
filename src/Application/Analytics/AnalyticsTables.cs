using System.Globalization;
using Ticketing.Application.Tickets;
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
    public const string Sla = "sla";
    public const string Aging = "aging";
    public const string Workload = "workload";
    public const string Departments = "departments";

    public static IReadOnlyList<string> Keys { get; } = [Daily, Backlog, Resolution, Sla, Aging, Workload, Departments];

    public static IReadOnlyList<FigureTable> Build(AnalyticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var f = report.Figures;
        var filter = report.Scope.Filter;
        return
        [
            new FigureTable(Daily, "Created and resolved per day", ["Day", "Created", "Resolved"],
                f.Days.Select(d => Row(new TableCell(DayLabel(d.Day)), Count(d.Created), Count(d.Resolved))).ToList()),
            new FigureTable(Backlog, "Backlog: open tickets at each day's end", ["Day", "Open at end of day"],
                f.Days.Select(d => Row(new TableCell(DayLabel(d.Day)), Count(d.Backlog))).ToList()),
            new FigureTable(Resolution, "Time to resolution of tickets resolved in the period", ["Group", "Value", "Resolved", "p50 (at most)", "p90 (at most)"],
                f.ResolutionTimes.Select(r => Row(
                    new TableCell(DimensionLabel(r.Dimension)),
                    new TableCell(r.Label),
                    Count(r.Resolved),
                    Duration(r.P50),
                    Duration(r.P90))).ToList()),
            new FigureTable(Sla, $"SLA compliance by month ({report.SlaBasis})", ["Month", "Resolved with a due date", "Met", "Compliance"],
                report.SlaCompliance.Select(m => Row(
                    new TableCell(m.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)),
                    Count(m.WithDue),
                    Count(m.Met),
                    Percent(m.Percent))).ToList()),
            new FigureTable(Aging, "Aging of open tickets (now)", ["Age", "Open tickets"],
                f.Aging.Select(a => Row(new TableCell(a.Label), Count(a.Tickets))).ToList()),
            new FigureTable(Workload, "Workload per assignee", ["Assignee", "Open", "Overdue", "Resolved in period"],
                f.Workload.Select(w => Row(
                    new TableCell(w.Name),
                    Count(w.Open, ForAssignee(filter, w.AssigneeId, SlaFilter.Any)),
                    Count(w.Overdue, ForAssignee(filter, w.AssigneeId, SlaFilter.Overdue)),
                    Count(w.ResolvedInPeriod))).ToList()),
            new FigureTable(Departments, "Top requesters' departments (tickets created in the period)", ["Department", "Created"],
                f.TopDepartments.Select(d => Row(new TableCell(d.Label), Count(d.Tickets))).ToList()),
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

    /// <summary>The list's filter for one assignee's open (or overdue) tickets within the analytics filter; null for "unassigned" plus other assignees.</summary>
    private static TicketFilter ForAssignee(AnalyticsFilter filter, string? assigneeId, SlaFilter sla)
    {
        var list = filter.ToTicketFilter(TicketRules.ActiveStatuses.Order().ToList(), assigneeId, sla);
        return assigneeId is null ? list with { Assignee = AssigneeFilter.Nobody } : list;
    }

    private static List<TableCell> Row(params TableCell[] cells) => [.. cells];

    private static TableCell Count(long value, TicketFilter? drillDown = null) => new(CountText(value), value, drillDown);

    private static TableCell Duration(TimeSpan? value) =>
        new(DurationText(value), value is { } v && v != TimeSpan.MaxValue ? v.TotalHours : null);

    private static TableCell Percent(double? value) => new(PercentText(value), value);
}
