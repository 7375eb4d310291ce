namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The figures of the Monitoring page: the in-process meters since the app started (the same that
/// <c>/metrics</c> exports) and current counts from the database.
/// </summary>
public interface IAdminMonitoringReader
{
    Task<MonitoringFigures> ReadAsync(CancellationToken cancellationToken);
}

public sealed record MonitoringFigures(
    DateTimeOffset Since,
    IReadOnlyList<RemoteEndpointFigures> RemoteEndpoints,
    long WebhooksAccepted,
    long WebhooksRejected,
    long StatsCacheLookups,
    long StatsCacheMisses,
    long SyncRuns,
    long SyncFailures,
    IReadOnlyList<StatusCount> TicketsByStatus)
{
    /// <summary>In percent; null before the first lookup.</summary>
    public double? StatsCacheHitRate => StatsCacheLookups == 0 ? null : 100.0 * (StatsCacheLookups - Math.Min(StatsCacheMisses, StatsCacheLookups)) / StatsCacheLookups;
}

/// <summary>Calls to one endpoint of Championship IT (each attempt counts, retries too).</summary>
public sealed record RemoteEndpointFigures(string Endpoint, long Calls, long Errors, double AverageMs)
{
    public double ErrorRate => Calls == 0 ? 0 : 100.0 * Errors / Calls;
}

public sealed record StatusCount(string Status, long Count);
