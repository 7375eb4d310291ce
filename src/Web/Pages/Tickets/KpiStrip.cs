using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>One figure of the list's strip: what it counts, its value, a note, and the list it opens.</summary>
public sealed record KpiFigure(string Key, string Label, string Value, string Note, string Url);

/// <summary>The list's figures strip: the Overview's four KPIs on one line, each a link to its tickets.</summary>
public static class KpiStrip
{
    public static IReadOnlyList<KpiFigure> Figures(TicketKpis kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var cards = OverviewFormat.Cards(kpis);
        return
        [
            new("unresolved", "Unresolved", cards.Open, cards.InProgress, OverviewFormat.Links.Unresolved),
            new("critical", "Critical & urgent", cards.Critical, "unresolved", OverviewFormat.Links.Critical),
            new("resolution", "Avg resolution", cards.AvgResolution, cards.ResolvedNote, OverviewFormat.Links.Resolved),
            new("sla", "SLA compliance by policy", cards.Sla, cards.SlaNote, OverviewFormat.Links.ResolvedByDue),
        ];
    }
}
