using Ticketing.Application.Common.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Notifications;

/// <summary>
/// Turns the ticket events that syncs, webhooks and the app record into notifications, in order
/// and exactly once: events are claimed with <c>FOR UPDATE SKIP LOCKED</c>, their notifications
/// inserted with a unique key and the events marked done in the same transaction (so several app
/// instances can run it). Then open pages are told what changed.
/// </summary>
public sealed class NotificationDispatcher(NpgsqlDataSource dataSource, IServiceScopeFactory scopes, ICacheInvalidator cache, TimeProvider clock, ILogger<NotificationDispatcher> logger)
    : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await DispatchOnceAsync(stoppingToken);
                if (handled == BatchSize)
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
        var contexts = new List<TicketEventContext>();
        var drafts = new List<NotificationDraft>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var select = new NpgsqlCommand(
                $"""
                SELECT e.id, e.ticket_id, e.event_type, e.old_value, e.new_value, e.actor_user_id,
                       t.ticket_number, t.title, t.status,
                       (SELECT u.id FROM users u WHERE t.requester_email IS NOT NULL AND u.normalized_email = upper(t.requester_email) LIMIT 1),
                       (SELECT u.id FROM users u WHERE u.remote_assignee_id = CASE WHEN e.event_type IN ('created', 'assignment_changed') THEN e.new_value ELSE t.assignee_id END LIMIT 1)
                FROM ticket_events e JOIN tickets_cache t ON t.id = e.ticket_id
                WHERE e.processed_at IS NULL
                ORDER BY e.id
                LIMIT {BatchSize}
                FOR UPDATE OF e SKIP LOCKED
                """, connection, transaction))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    contexts.Add(new TicketEventContext(
                        reader.GetInt64(0),
                        reader.GetGuid(1),
                        WireName<TicketEventType>.Parse(reader.GetString(2)),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetString(6),
                        reader.GetString(7),
                        WireName<TicketStatus>.Parse(reader.GetString(8)),
                        reader.IsDBNull(9) ? null : reader.GetString(9),
                        reader.IsDBNull(10) ? null : reader.GetString(10)));
                }
            }

            if (contexts.Count == 0)
            {
                return 0;
            }

            drafts.AddRange(contexts.SelectMany(NotificationRules.For));
            var now = clock.GetUtcNow();
            if (drafts.Count > 0)
            {
                await using var insert = new NpgsqlCommand(
                    """
                    INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at, dedupe_key)
                    SELECT gen_random_uuid(), d.ticket_id, d.user_id, d.notification_type, d.title, d.message, false, @now, d.dedupe_key
                    FROM unnest(@ticket_ids, @user_ids, @types, @titles, @messages, @keys)
                         AS d(ticket_id, user_id, notification_type, title, message, dedupe_key)
                    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
                    """, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
                insert.Parameters.Add(new NpgsqlParameter("ticket_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = drafts.Select(d => d.TicketId).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("user_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = drafts.Select(d => d.UserId).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = drafts.Select(d => WireName<NotificationType>.Of(d.Type)).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("titles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = drafts.Select(d => d.Title).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("messages", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = drafts.Select(d => d.Message).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = drafts.Select(d => d.DedupeKey).ToArray() });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var done = new NpgsqlCommand("UPDATE ticket_events SET processed_at = @now WHERE id = ANY(@ids)", connection, transaction))
            {
                done.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
                done.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = contexts.Select(c => c.EventId).ToArray() });
                await done.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await cache.InvalidateForUsersAsync(CacheTag.Notifications, drafts.Select(d => d.UserId));
        await TellOpenPagesAsync(contexts, drafts, cancellationToken);
        return contexts.Count;
    }

    private async Task TellOpenPagesAsync(List<TicketEventContext> contexts, List<NotificationDraft> drafts, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var live = scope.ServiceProvider.GetRequiredService<ILiveUpdates>();
            var notices = contexts
                .GroupBy(c => c.TicketId)
                .Select(g => g.Last())
                .Take(20)
                .Select(c => new TicketChangeNotice(c.TicketId, c.TicketNumber, c.Type switch
                {
                    TicketEventType.Created => $"{c.TicketNumber} was created",
                    TicketEventType.StatusChanged => $"{c.TicketNumber} is now {NotificationRules.StatusText(c.NewValue)}",
                    TicketEventType.AssignmentChanged => $"{c.TicketNumber} was reassigned",
                    TicketEventType.CommentAdded => $"New comment on {c.TicketNumber}",
                    TicketEventType.Deleted => $"{c.TicketNumber} was deleted",
                    _ => $"{c.TicketNumber} changed",
                }))
                .ToList();
            await live.TicketsChangedAsync(notices, cancellationToken);
            if (drafts.Count > 0)
            {
                await live.NotificationsChangedAsync([.. drafts.Select(d => d.UserId).Distinct()], cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Live updates are a convenience: the data is committed whether or not a page hears of it.
            logger.LogWarning(ex, "Could not tell open pages about ticket changes");
        }
    }
}

/// <summary>Where no web app is running (command-line verbs), nobody is listening.</summary>
internal sealed class NoLiveUpdates : ILiveUpdates
{
    public Task TicketsChangedAsync(IReadOnlyList<TicketChangeNotice> changes, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task NotificationsChangedAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
