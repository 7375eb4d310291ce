using System.ComponentModel;
using Hangfire;
using Mediator;
using Ticketing.Application.Channels.Commands.PollMailbox;
using Ticketing.Application.Notifications.Commands.CleanupNotifications;
using Ticketing.Application.Notifications.Commands.RaiseSlaBreaches;
using Ticketing.Application.Retention.Commands.ApplyRetention;
using Ticketing.Application.Sync.Commands.BackfillComments;
using Ticketing.Application.Sync.Commands.CleanupSyncLogs;
using Ticketing.Application.Sync.Commands.RefreshStaleTickets;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Jobs;

/// <summary>
/// The Hangfire jobs. Each only sends a mediator command, so it passes the same pipeline as a page.
/// No automatic retries: the next occurrence is the retry, and a sync never runs twice at once anyway.
/// </summary>
public sealed class SyncJobs(ISender sender)
{
    [DisplayName("Ticket sync (incremental)")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunScheduledSync(CancellationToken cancellationToken) =>
        await sender.Send(new RunSyncCommand(SyncType.Scheduled, Full: false), cancellationToken);

    [DisplayName("Full reconciliation with Championship IT")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunFullReconciliation(CancellationToken cancellationToken) =>
        await sender.Send(new RunSyncCommand(SyncType.Scheduled, Full: true), cancellationToken);

    [DisplayName("Read comments and attachments still waiting after the last sync")]
    [AutomaticRetry(Attempts = 0)]
    public async Task BackfillComments(CancellationToken cancellationToken) =>
        await sender.Send(new BackfillCommentsCommand(), cancellationToken);

    [DisplayName("Delete sync logs older than 30 days")]
    [AutomaticRetry(Attempts = 0)]
    public async Task CleanupSyncLogs(CancellationToken cancellationToken) =>
        await sender.Send(new CleanupSyncLogsCommand(), cancellationToken);

    [DisplayName("Raise SLA breach notifications")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RaiseSlaBreaches(CancellationToken cancellationToken) =>
        await sender.Send(new RaiseSlaBreachesCommand(), cancellationToken);

    [DisplayName("Delete read notifications older than 90 days")]
    [AutomaticRetry(Attempts = 0)]
    public async Task CleanupNotifications(CancellationToken cancellationToken) =>
        await sender.Send(new CleanupNotificationsCommand(), cancellationToken);

    [DisplayName("Delete records past their retention (audit, history, events, outbox, e-mails, webhook bodies)")]
    [AutomaticRetry(Attempts = 0)]
    public async Task ApplyRetention(CancellationToken cancellationToken) =>
        await sender.Send(new ApplyRetentionCommand(), cancellationToken);

    [DisplayName("Deliver ticket writes queued during an outage")]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverOutbox(CancellationToken cancellationToken) =>
        await sender.Send(new DeliverOutboxCommand(), cancellationToken);

    [DisplayName("Read the IT mailbox: new mails become tickets, replies become comments")]
    [AutomaticRetry(Attempts = 0)]
    public async Task PollMailbox(CancellationToken cancellationToken) =>
        await sender.Send(new PollMailboxCommand(), cancellationToken);

    [DisplayName("Refresh tickets not synced for a day")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshStaleTickets(CancellationToken cancellationToken) =>
        await sender.Send(new RefreshStaleTicketsCommand(), cancellationToken);
}
