using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Tickets;

namespace Ticketing.Infrastructure.Sla;

/// <summary>
/// The SLA recompute's background loop: sends <see cref="RecomputeSlaCommand"/> until there is nothing
/// left, then waits. Every instance may run it; the store's claims keep them apart.
/// </summary>
public sealed partial class SlaRecomputeWorker(
    IServiceScopeFactory scopes, IOptions<SlaOptions> options, TimeProvider clock, ILogger<SlaRecomputeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunRecompute)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunRoundAsync(stoppingToken) > 0 && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(logger, ex);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.RecomputeIntervalMilliseconds), clock, stoppingToken)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One round (up to 50 batches); tests call it to bring the SLA up to date without waiting.</summary>
    public async Task<int> RunRoundAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RecomputeSlaCommand(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the SLA recompute failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
