using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.GetMonitoring;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Admin.Monitoring;

/// <summary>The key metrics: Championship IT's latency and errors, webhooks, the stats cache, syncs and tickets.</summary>
public sealed class IndexModel(ISender sender, UserTime time) : PageModel
{
    public MonitoringView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await sender.Send(new GetMonitoringQuery { TimeZoneId = time.Zone.Id }, cancellationToken);
}
