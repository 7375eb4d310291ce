using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Web.Pages;

public sealed class IndexModel(ISender sender) : PageModel
{
    public TicketKpis Kpis { get; private set; } = TicketKpis.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Kpis = await sender.Send(new GetTicketKpisQuery(), cancellationToken);
}
