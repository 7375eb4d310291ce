using System.Globalization;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Web.Pages;

/// <summary>
/// How the Overview and the list's figures strip write the KPIs: once here, for the pages and for the
/// Overview's refresh (<c>/overview/data</c>). A figure with nothing to average is "—" with the
/// reason, never a computed 0.
/// </summary>
public static class OverviewFormat
{
    /// <summary>The dash shown for a figure that has no data.</summary>
    public const string NoData = "—";

    /// <summary>The KPI cards' texts.</summary>
    public static OverviewCards Cards(TicketKpis k) =>
        new(
            Count(k.OpenTickets),
            $"{Count(k.InProgressTickets)} in progress",
            Hours(k.AvgResolutionHours),
            k.AvgResolutionHours is null ? "no resolved tickets yet" : $"over {Count(k.ResolvedTickets)} resolved tickets",
            Percent(k.SlaCompliancePercentage),
            k.SlaCompliancePercentage is null ? "no resolved tickets with a due date yet" : $"of {Count(k.ResolvedWithDueDate)} resolved tickets with a due date",
            Count(k.CriticalOpenTickets));

    /// <summary>"1,234": how the Overview writes a count.</summary>
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"39.1 h", or "—" when nothing was resolved.</summary>
    public static string Hours(double? hours) => hours is { } h ? $"{h.ToString("0.0", CultureInfo.InvariantCulture)} h" : NoData;

    /// <summary>"86.3%", or "—" when there is nothing to measure.</summary>
    public static string Percent(double? percent) => percent is { } p ? $"{p.ToString("0.0", CultureInfo.InvariantCulture)}%" : NoData;

    /// <summary>"24 Nov": a day of the created-vs-resolved chart.</summary>
    public static string DayLabel(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>Where each card leads: the list showing the tickets it counts.</summary>
    public static class Links
    {
        public static string Unresolved { get; } = Tickets.TicketListParameters.ListUrl(ListPresets.Unresolved.QueryString);

        public static string Resolved { get; } = "/Tickets?status=resolved,closed";

        public static string ResolvedByDue { get; } = "/Tickets?status=resolved,closed&sort=due";

        public static string Critical { get; } = Tickets.TicketListParameters.ListUrl(ListPresets.CriticalAndUrgent.QueryString);
    }
}

/// <summary>The KPI cards' texts, as the page renders them and the refresh sends them.</summary>
public sealed record OverviewCards(string Open, string InProgress, string AvgResolution, string ResolvedNote, string Sla, string SlaNote, string Critical);
