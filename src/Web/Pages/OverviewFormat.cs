using System.Globalization;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Web.Pages;

/// <summary>How the Overview writes its figures: once here, for the page and for its refresh (<c>/overview/data</c>).</summary>
public static class OverviewFormat
{
    /// <summary>The KPI cards' texts.</summary>
    public static OverviewCards Cards(TicketKpis k) =>
        new(
            Count(k.OpenTickets),
            $"{Count(k.InProgressTickets)} in progress",
            $"{(k.AvgResolutionHours ?? 0).ToString("0.0", CultureInfo.InvariantCulture)} h",
            $"over {Count(k.ResolvedTickets)} resolved tickets",
            $"{(k.SlaCompliancePercentage ?? 0).ToString("0.0", CultureInfo.InvariantCulture)}%",
            $"of {Count(k.ResolvedWithDueDate)} resolved tickets with a due date",
            Count(k.CriticalOpenTickets));

    /// <summary>"1,234": how the Overview writes a count.</summary>
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"24 Nov": a day of the created-vs-resolved chart.</summary>
    public static string DayLabel(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);
}

/// <summary>The KPI cards' texts, as the page renders them and the refresh sends them.</summary>
public sealed record OverviewCards(string Open, string InProgress, string AvgResolution, string ResolvedNote, string Sla, string SlaNote, string Critical);
