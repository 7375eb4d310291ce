using Mediator;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sync.Commands.CleanupSyncLogs;

/// <summary>
/// Daily: deletes sync log rows older than 30 days, and processed webhook messages past their
/// de-duplication window (7 days).
/// </summary>
public sealed record CleanupSyncLogsCommand : ICommand<int>;

public sealed class CleanupSyncLogsHandler(ISyncLogRepository logs, IWebhookInbox webhooks, TimeProvider clock, ILogger<CleanupSyncLogsHandler> logger)
    : ICommandHandler<CleanupSyncLogsCommand, int>
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async ValueTask<int> Handle(CleanupSyncLogsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deleted = await logs.DeleteOlderThanAsync(now - Retention, cancellationToken);
        var messages = await webhooks.DeleteProcessedOlderThanAsync(now - IWebhookInbox.DeduplicationWindow, cancellationToken);
        logger.LogInformation("Deleted {Count} sync log rows older than {Days} days and {Messages} processed webhook messages", deleted, Retention.TotalDays, messages);
        return deleted;
    }
}
