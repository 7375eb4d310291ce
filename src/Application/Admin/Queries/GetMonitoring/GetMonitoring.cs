using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Queries.GetMonitoring;

/// <summary>The Monitoring page: the live meters, tickets by status and the last 30 days of syncs.</summary>
public sealed record GetMonitoringQuery : IQuery<MonitoringView>, IAdminRequest
{
    /// <summary>The admin's time zone (IANA id); set by the page.</summary>
    public string? TimeZoneId { get; init; }
}

public sealed record MonitoringView(MonitoringFigures Figures, IReadOnlyList<SyncDay> Days);

public sealed class GetMonitoringHandler(IAdminMonitoringReader monitoring, IAdminSyncLogReader logs, TimeProvider clock)
    : IQueryHandler<GetMonitoringQuery, MonitoringView>
{
    public async ValueTask<MonitoringView> Handle(GetMonitoringQuery query, CancellationToken cancellationToken)
    {
        var figures = await monitoring.ReadAsync(cancellationToken);
        var days = await SyncHistory.LoadAsync(logs, AdminTime.Zone(query.TimeZoneId), clock, cancellationToken);
        return new MonitoringView(figures, days);
    }
}
