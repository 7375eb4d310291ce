using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Jobs;

internal sealed class SyncScheduler(
    IRecurringJobManager jobs,
    ISystemConfigRepository configs,
    IOptions<JobOptions> options,
    IOptions<Application.Triage.TriageOptions> triageOptions,
    ILogger<SyncScheduler> logger) : ISyncScheduler
{
    public const string TicketSyncJob = "ticket-sync";
    public const string FullReconciliationJob = "ticket-full-reconciliation";
    public const string CleanupJob = "sync-log-cleanup";
    public const string RefreshStaleJob = "ticket-refresh-stale";
    public const string CommentBackfillJob = "ticket-comment-backfill";
    public const string SlaJob = "sla-breach-check";
    public const string NotificationCleanupJob = "notification-cleanup";
    public const string RetentionJob = "retention";
    public const string OutboxJob = "ticket-outbox";
    public const string PhiReclassifyJob = "phi-reclassify";
    public const string MailboxJob = "mail-inbound";

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var config = await configs.GetAsync(cancellationToken);
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };

        if (config is { SyncEnabled: true, IsActive: true })
        {
            var cron = CronFor(config.SyncIntervalMinutes);
            jobs.AddOrUpdate<SyncJobs>(TicketSyncJob, j => j.RunScheduledSync(CancellationToken.None), cron, utc);
            logger.LogInformation("Scheduled the ticket sync every {Minutes} min ({Cron})", config.SyncIntervalMinutes, cron);
        }
        else
        {
            jobs.RemoveIfExists(TicketSyncJob);
            logger.LogInformation("The scheduled ticket sync is off (integration {State})", config is null ? "not configured" : "disabled");
        }

        if (config is { IsActive: true })
        {
            jobs.AddOrUpdate<SyncJobs>(FullReconciliationJob, j => j.RunFullReconciliation(CancellationToken.None), options.Value.FullReconciliationCron, utc);
            jobs.AddOrUpdate<SyncJobs>(RefreshStaleJob, j => j.RefreshStaleTickets(CancellationToken.None), options.Value.MaintenanceCron, utc);
            jobs.AddOrUpdate<SyncJobs>(CommentBackfillJob, j => j.BackfillComments(CancellationToken.None), options.Value.CommentBackfillCron, utc);
        }
        else
        {
            jobs.RemoveIfExists(FullReconciliationJob);
            jobs.RemoveIfExists(RefreshStaleJob);
            jobs.RemoveIfExists(CommentBackfillJob);
        }

        jobs.AddOrUpdate<SyncJobs>(CleanupJob, j => j.CleanupSyncLogs(CancellationToken.None), options.Value.MaintenanceCron, utc);
        // Always on: writes queued while the integration was off or down go out once it answers.
        jobs.AddOrUpdate<SyncJobs>(OutboxJob, j => j.DeliverOutbox(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<SyncJobs>(SlaJob, j => j.RaiseSlaBreaches(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<Sla.EscalationJobs>(Sla.EscalationJobs.RecurringJobId, j => j.Evaluate(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<Sla.BreachRiskJobs>(Sla.BreachRiskJobs.RecurringJobId, j => j.Estimate(CancellationToken.None), "*/5 * * * *", utc);
        jobs.AddOrUpdate<Phi.PhiJobs>(PhiReclassifyJob, j => j.Reclassify(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<Reports.ReportJobs>(Reports.ReportJobs.RecurringJobId, j => j.SendDue(CancellationToken.None), "* * * * *", utc);
        // Always scheduled: the poll does nothing while the admins have the IT mailbox switched off.
        jobs.AddOrUpdate<SyncJobs>(MailboxJob, j => j.PollMailbox(CancellationToken.None), "* * * * *", utc);
        jobs.AddOrUpdate<SyncJobs>(NotificationCleanupJob, j => j.CleanupNotifications(CancellationToken.None), options.Value.MaintenanceCron, utc);
        jobs.AddOrUpdate<SyncJobs>(RetentionJob, j => j.ApplyRetention(CancellationToken.None), options.Value.MaintenanceCron, utc);
        jobs.AddOrUpdate<Triage.TriageJobs>(Triage.TriageJobs.RecurringJobId, j => j.Train(CancellationToken.None), triageOptions.Value.TrainingCron, utc);
    }

    /// <summary>
    /// Cron for "every N minutes" (1–1440): minute steps below an hour, hour steps for whole hours,
    /// otherwise the nearest whole number of hours (cron cannot express e.g. every 90 minutes).
    /// </summary>
    public static string CronFor(int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, 1440);
        if (minutes < 60)
        {
            return minutes == 1 ? "* * * * *" : $"*/{minutes} * * * *";
        }

        var hours = (int)Math.Round(minutes / 60.0, MidpointRounding.AwayFromZero);
        return hours >= 24 ? "0 0 * * *" : hours == 1 ? "0 * * * *" : $"0 */{hours} * * *";
    }
}
