using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Commands.DeliverChatPosts;
using Ticketing.Application.Channels.Commands.DeliverEmails;
using Ticketing.Application.Channels.Commands.FanOutNotifications;
using Ticketing.Application.Common.Security;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;

namespace Ticketing.Infrastructure.Channels;

/// <summary>
/// The channels' background loop. Each round it hands new notifications to the fan-out, then queues
/// due digests, sends due e-mails and chat posts. It only claims
/// and sends commands: the rules are in the Application handlers. Several instances may run it: claims
/// use <c>FOR UPDATE SKIP LOCKED</c> and every queue entry has a unique key.
/// </summary>
public sealed partial class ChannelWorker(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IOptions<ChannelOptions> options,
    TimeProvider clock,
    ILogger<ChannelWorker> logger) : BackgroundService
{
    private const int FanOutBatch = 200;

    /// <summary>The IT mailbox is not read here but by the <c>mail-inbound</c> Hangfire job: a slow IMAP server never holds up sending.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => LoopAsync(RunRoundAsync, options.Value.WorkerInterval, stoppingToken);

    private async Task LoopAsync(Func<CancellationToken, Task> round, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(logger, ex);
            }

            await Task.Delay(interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One round of fan-out and sending; tests call it to run the channels without waiting.</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        while (await FanOutOnceAsync(cancellationToken) == FanOutBatch)
        {
        }

        await SendAsync(new Application.Channels.Commands.SendDigests.SendDigestsCommand(), cancellationToken);
        await SendAsync(new DeliverEmailsCommand(), cancellationToken);
        await SendAsync(new DeliverChatPostsCommand(), cancellationToken);
    }

    /// <summary>
    /// Claims queued notifications and fans them out; the queue rows go in the same transaction that
    /// held them, after the fan-out queued everything (a crash in between fans out again, which the
    /// queues' unique keys make harmless).
    /// </summary>
    public async Task<int> FanOutOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new List<NewNotification>();
        await using (var select = new NpgsqlCommand(
            $"""
            SELECT n.id, n.user_id, n.notification_type, n.ticket_id, n.title, n.message, n.created_at, n.fold_version
            FROM notification_channel_queue q JOIN ticket_notifications n ON n.id = q.notification_id
            ORDER BY q.queued_at, q.notification_id
            LIMIT {FanOutBatch}
            FOR UPDATE OF q SKIP LOCKED
            """, connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add(new NewNotification(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    WireName<NotificationType>.Parse(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6),
                    reader.GetInt32(7)));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        await SendAsync(new FanOutNotificationsCommand(batch), cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM notification_channel_queue WHERE notification_id = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", batch.Select(n => n.Id).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private async Task SendAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateSystemScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One step failing (the mail server down) must not stop the others.
            LogStepFailed(logger, command.GetType().Name, ex);
            if (command is FanOutNotificationsCommand)
            {
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the notification channels failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Step} failed")]
    private static partial void LogStepFailed(ILogger logger, string step, Exception exception);
}
