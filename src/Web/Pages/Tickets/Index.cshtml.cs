using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Application.Tickets.Queries.GetTickets;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>The IT Support list: everything it shows is in the query string.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public TicketListParameters View { get; private set; } = TicketListParameters.Default;

    public TicketPage Result { get; private set; } = new([], 1, PageRequest.Default.Size, 0, false);

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    public TicketKpis Kpis { get; private set; } = TicketKpis.Empty;

    /// <summary>Tickets being filed and changes waiting for Championship IT (the outbox).</summary>
    public PendingWrites Pending { get; private set; } = PendingWrites.None;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        View = TicketListParameters.Parse(Request.Query);
        Result = await sender.Send(new GetTicketsQuery(View.Filter, View.Sort, View.Page), cancellationToken);
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        Kpis = await sender.Send(new GetTicketKpisQuery(), cancellationToken);
        Pending = await sender.Send(new GetPendingWritesQuery([.. Result.Items.Select(t => t.Id)], IncludeCreates: true), cancellationToken);
    }
}
