using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.AutoApplyTriageToArrivals;

namespace Ticketing.Infrastructure.Triage;

/// <summary>
/// The loop behind auto-apply for tickets arriving from Championship IT: sends
/// <see cref="AutoApplyTriageToArrivalsCommand"/> until nothing is waiting, then waits. Every instance may run
/// it; the claims keep them apart.
/// </summary>
public sealed partial class TriageAutoApplyWorker(
    IServiceScopeFactory scopes, IOptions<TriageOptions> options, TimeProvider clock, ILogger<TriageAutoApplyWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunAutoApply)
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

            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.AutoApplyIntervalMilliseconds), clock, stoppingToken)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One batch; tests call it to auto-apply without waiting for the loop.</summary>
    public async Task<int> RunRoundAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AutoApplyTriageToArrivalsCommand(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the triage auto-apply failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
