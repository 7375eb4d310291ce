namespace Ticketing.Infrastructure.Jobs;

/// <summary>Background job settings, bound from <c>Ticketing:Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Ticketing:Jobs";

    /// <summary>Run a Hangfire server in this process (the dashboard works either way).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>How often idle workers look for queued jobs.</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>The daily full reconciliation (cron, UTC).</summary>
    public string FullReconciliationCron { get; set; } = "30 3 * * *";

    /// <summary>
    /// The catch-up of comments and attachments still waiting after the last sync (cron, UTC): each run
    /// reads its own right after it is complete; this covers what one left (decision 116).
    /// </summary>
    public string CommentBackfillCron { get; set; } = "*/10 * * * *";

    /// <summary>Daily maintenance: sync log clean-up and the refresh of stale tickets (cron, UTC).</summary>
    public string MaintenanceCron { get; set; } = "15 4 * * *";
}
