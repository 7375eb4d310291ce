using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Sync;

/// <summary>
/// Runs manual syncs in this instance's background, so "Sync now" answers at once: the run is a
/// <see cref="RunSyncCommand"/> sent through the mediator (logging, authorization, validation) in a
/// system scope of its own. The lease was taken by the request, so two requests can never start two
/// runs; the command runs under it and releases it once the run is complete (before reading comments), and
/// this runner releases it again whatever happened, which does nothing when it is already released.
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
                await using var scope = scopes.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<ISender>()
                    .Send(new RunSyncCommand(SyncType.Manual, full) { HeldLease = lease }, lifetime.ApplicationStopping);
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
