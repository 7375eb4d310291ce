namespace Ticketing.Simulator.Churn;

/// <summary>
/// Applies <c>--churn N</c> changes per minute, spread evenly. It catches up by elapsed time rather
/// than counting ticks, so rates faster than the timer's resolution still come out right.
/// </summary>
public sealed partial class ChurnService(ChurnEngine engine, SimulatorSettings settings, TimeProvider time, ILogger<ChurnService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perMinute = settings.ChurnPerMinute;
        if (perMinute <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromMilliseconds(Math.Max(20, 60_000 / perMinute));
        using var timer = new PeriodicTimer(interval, time);
        var started = time.GetTimestamp();
        long applied = 0;
        LogStarted(perMinute);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var due = (long)(time.GetElapsedTime(started).TotalMinutes * perMinute) - applied;
                if (due > 0)
                {
                    // After a long stall (a paused process) at most 10,000 changes are made at once;
                    // the rest of the backlog is skipped rather than replayed as one burst.
                    engine.Apply((int)Math.Min(due, 10_000));
                    applied += due;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Churn on: {PerMinute} changes per minute")]
    private partial void LogStarted(double perMinute);
}
