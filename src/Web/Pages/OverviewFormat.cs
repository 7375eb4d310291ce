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
            Percent(k.PolicySla.Percent),
            k.PolicySla.Percent is null ? "no resolved ticket has an SLA policy outcome yet" : $"of {Count(k.PolicySla.Measured)} resolved tickets with a policy",
            Count(k.CriticalOpenTickets))
        {
            SlaAtRemote = k.SlaCompliancePercentage is null ? "" : $"{Percent(k.SlaCompliancePercentage)} met Championship IT’s due date",
        };

    /// <summary>What the SLA compliance figure measures, said beside its name (decision 145).</summary>
    public const string SlaBasis = "by SLA policy";

    /// <summary>"1,234": how the Overview writes a count.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

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

/// <summary>
/// The KPI cards' texts, as the page renders them and the refresh sends them. <see cref="Sla"/> is the share of
/// resolved tickets that met their SLA policy's resolution target; <see cref="SlaAtRemote"/> Championship IT's own
/// due-date figure, said as such, or empty when no resolved ticket has a due date.
/// </summary>
public sealed record OverviewCards(string Open, string InProgress, string AvgResolution, string ResolvedNote, string Sla, string SlaNote, string Critical)
{
    public string SlaAtRemote { get; init; } = "";
}
