using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Sync;

/// <summary>
/// Runs manual syncs in this instance's background, in a scope of their own, so "Sync now" answers at
/// once. The lease was taken by the request, so two requests can never start two runs.
/// </summary>
internal sealed class BackgroundSyncRunner(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    ILogger<BackgroundSyncRunner> logger) : IBackgroundSyncRunner
{
    public void Start(ISyncLease lease, bool full) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var engine = scope.ServiceProvider.GetRequiredService<SyncEngine>();
                await engine.RunAsync(lease, SyncType.Manual, full, lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("A manual sync was stopped because the app is shutting down");
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A manual sync failed unexpectedly");
            }
            finally
            {
                await lease.DisposeAsync();
            }
        });
}
