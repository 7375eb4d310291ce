using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Hybrid;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Web.Endpoints;

namespace Ticketing.Web.Pages;

public sealed class IndexModel(ISender sender, HybridCache cache) : PageModel
{
    public TicketKpis Kpis { get; private set; } = TicketKpis.Empty;

    public TicketCharts Charts { get; private set; } = null!;

    public OverviewEndpoints.CardsJson Cards => OverviewEndpoints.Cards(Kpis);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A page load reads current figures (the cache only serves the periodic refresh) and hands
        // them to the refresh, which then never shows older ones than the page did.
        Kpis = await sender.Send(new GetTicketKpisQuery(), cancellationToken);
        Charts = await sender.Send(new GetTicketChartsQuery(), cancellationToken);
        await OverviewEndpoints.RememberAsync(cache, new OverviewEndpoints.Figures(Kpis, Charts), cancellationToken);
    }
}
