using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Sla;
using Ticketing.Application.Sla.Queries.GetSlaCompliance;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Web.Pages;

public sealed class IndexModel(ISender sender) : PageModel
{
    public TicketKpis Kpis { get; private set; } = TicketKpis.Empty;

    public TicketCharts Charts { get; private set; } = null!;

    public OverviewCards Cards => OverviewFormat.Cards(Kpis);

    /// <summary>SLA compliance by policy and month (the table under the SLA summary).</summary>
    public IReadOnlyList<SlaComplianceRow> Compliance { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A page load reads current figures (the cache serves the periodic refresh), and the fresh
        // queries leave them in the cache, so the refresh never shows older ones than the page did.
        Kpis = await sender.Send(new GetTicketKpisQuery(Fresh: true), cancellationToken);
        Charts = await sender.Send(new GetTicketChartsQuery(Fresh: true), cancellationToken);
        Compliance = await sender.Send(new GetSlaComplianceQuery(), cancellationToken);
    }
}
