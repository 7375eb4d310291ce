using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Observability;

namespace Ticketing.Infrastructure.Admin;

internal sealed class AdminMonitoringReader(LiveMetrics live, TicketStatusGauge tickets) : IAdminMonitoringReader
{
    public Task<MonitoringFigures> ReadAsync(CancellationToken cancellationToken)
    {
        var endpoints = live.RemoteEndpoints()
            .Select(e => new RemoteEndpointFigures(e.Endpoint, e.Calls, e.Errors, e.Calls == 0 ? 0 : e.TotalSeconds * 1000 / e.Calls))
            .ToList();
        // The gauge's own cached read: the page and a scrape share one count per 30 s.
        var byStatus = tickets.Read().Select(c => new StatusCount(c.Status, c.Count)).ToList();
        return Task.FromResult(new MonitoringFigures(
            live.Since,
            endpoints,
            live.WebhooksAccepted,
            live.WebhooksRejected,
            live.StatsCacheLookups,
            live.StatsCacheMisses,
            live.SyncRuns,
            live.SyncFailures,
            byStatus));
    }
}
