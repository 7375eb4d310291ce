using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Notifications.Commands.DispatchTicketEvents;

namespace Ticketing.Infrastructure.Notifications;

/// <summary>
/// The background loop that keeps notifications current: it sends <see cref="DispatchTicketEventsCommand"/>
/// as the system, at once again while full batches come back, else every second. The rules and the
/// exactly-once bookkeeping are the command's; an error (the database is away) is logged and retried.
/// </summary>
public sealed class NotificationDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NotificationDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchOnceAsync(stoppingToken) == DispatchTicketEventsCommand.DefaultBatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dispatching ticket events failed; retrying");
            }

            await Task.Delay(PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Handles one batch of pending events; returns how many.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DispatchTicketEventsCommand(), cancellationToken);
    }
}

/// <summary>Where no web app is running (command-line verbs), nobody is listening.</summary>
internal sealed class NoLiveUpdates : ILiveUpdates
{
    public Task TicketsChangedAsync(IReadOnlyList<TicketChangeNotice> changes, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task NotificationsChangedAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
