using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Observability;

// The checks answer an anonymous endpoint: their descriptions are fixed sentences, never an exception
// message, a host name, a URL or a connection string.

/// <summary>PostgreSQL answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database cannot be reached.");
        }
    }
}

/// <summary>
/// A Hangfire server (this instance's or another's) has sent a heartbeat recently, so scheduled
/// syncs and maintenance run.
/// </summary>
public sealed class JobServerHealthCheck(JobStorage storage, TimeProvider clock) : IHealthCheck
{
    /// <summary>Servers beat every 30 s; two missed beats mean none is running.</summary>
    public static readonly TimeSpan HeartbeatAge = TimeSpan.FromSeconds(90);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var running = storage.GetMonitoringApi().Servers()
                .Count(s => s.Heartbeat is { } beat && now - DateTime.SpecifyKind(beat, DateTimeKind.Utc) < HeartbeatAge);
            return Task.FromResult(running > 0
                ? HealthCheckResult.Healthy("A background job server is running.")
                : new HealthCheckResult(context.Registration.FailureStatus, "No background job server is running."));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The background job storage cannot be read."));
        }
    }
}

/// <summary>
/// Championship IT as the last sync run saw it. Never unhealthy: the app serves its cached tickets
/// while the remote is away, so an orchestrator must not restart it for that. Reading the sync log
/// rather than calling the remote keeps an anonymous endpoint from making outbound requests.
/// </summary>
public sealed class RemoteHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var config = await scope.ServiceProvider.GetRequiredService<ISystemConfigRepository>().GetAsync(cancellationToken);
            if (config is null)
            {
                return HealthCheckResult.Degraded("Championship IT is not configured.");
            }

            if (!config.IsActive)
            {
                return HealthCheckResult.Degraded("The Championship IT integration is switched off.");
            }

            var last = await scope.ServiceProvider.GetRequiredService<ISyncLogRepository>().GetLatestFinishedAsync(cancellationToken);
            return last?.Status == SyncStatus.Failed
                ? HealthCheckResult.Degraded("The last sync with Championship IT failed.")
                : HealthCheckResult.Healthy(last is null ? "No sync has run yet." : "The last sync with Championship IT succeeded.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The state of Championship IT is unknown.");
        }
    }
}
