using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// Drains the webhook inbox in the background: woken at once when this instance accepts a message, and
/// polling as well, for messages another instance accepted or a crash left pending. An error (the
/// database is away) is logged and retried with a growing pause; it never stops the app.
/// </summary>
public sealed class WebhookProcessor(
    WebhookBatchProcessor batches,
    WebhookInboxSignal signal,
    IHostApplicationLifetime lifetime,
    IOptions<WebhookProcessingOptions> options,
    TimeProvider clock,
    ILogger<WebhookProcessor> logger) : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunProcessor)
        {
            logger.LogInformation("Webhook messages are accepted but not applied by this instance ({Section}:RunProcessor is off)", WebhookProcessingOptions.Section);
            return;
        }

        // The schema may still be migrating while the host starts; it is there once the app has started.
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var consecutiveErrors = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await batches.ProcessNextBatchAsync(stoppingToken) == settings.BatchSize)
                {
                    // A full batch: more may be waiting, so no pause before the next.
                }

                consecutiveErrors = 0;
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                consecutiveErrors++;
                var pause = TimeSpan.FromSeconds(Math.Min(MaxPause.TotalSeconds, Math.Pow(2, consecutiveErrors - 1)));
                logger.LogError(ex, "Applying webhook messages failed ({Attempts} in a row); retrying in {Pause}", consecutiveErrors, pause);
                try
                {
                    await Task.Delay(pause, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
