using Ticketing.Application.Common.Caching;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Notifications;

/// <summary>
/// The notifications. Every write that adds a notification or reads one evicts the user's unread count
/// (<see cref="CacheTag.Notifications"/>) once it is committed; the dispatch's event feed (<c>TicketEventFeed</c>) does the same for the ones it adds.
/// </summary>
internal sealed class NotificationRepository(TicketingDbContext db, NpgsqlDataSource dataSource, ICacheInvalidator cache) : INotificationRepository
{
    public async Task<InboxPage> GetInboxAsync(string userId, bool unreadOnly, NotificationType? type, int page, int size, CancellationToken cancellationToken)
    {
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var filtered = mine;
        if (unreadOnly)
        {
            filtered = filtered.Where(n => !n.IsRead);
        }

        if (type is { } t)
        {
            filtered = filtered.Where(n => n.NotificationType == t);
        }

        var total = await filtered.CountAsync(cancellationToken);
        var unread = await mine.CountAsync(n => !n.IsRead, cancellationToken);
        var rows = await filtered
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(n => new
            {
                n.Id,
                n.TicketId,
                TicketNumber = db.Tickets.Where(t => t.Id == n.TicketId).Select(t => t.TicketNumber).FirstOrDefault(),
                n.NotificationType,
                n.Title,
                n.Message,
                n.IsRead,
                n.CreatedAt,
                n.ChangesJson,
                n.DueAt,
            })
            .ToListAsync(cancellationToken);
        var items = rows
            .Select(n => new InboxItem(
                n.Id, n.TicketId, n.TicketNumber, n.NotificationType, n.Title, n.Message, n.IsRead, n.CreatedAt,
                NotificationFold.FromJson(n.ChangesJson), n.DueAt))
            .ToList();
        return new InboxPage(items, page, size, total, unread);
    }

    public Task<int> CountUnreadAsync(string userId, CancellationToken cancellationToken) =>
        db.Notifications.CountAsync(n => n.UserId == userId && !n.IsRead, cancellationToken);

    public async Task<OpenedNotification?> MarkReadAsync(string userId, Guid notificationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return null;
        }

        notification.MarkRead(at);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateForUsersAsync(CacheTag.Notifications, [userId]);
        return new OpenedNotification(notification.TicketId);
    }

    public async Task<int> MarkAllReadAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var read = await db.Notifications.Where(n => n.UserId == userId && !n.IsRead)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.IsRead, true).SetProperty(n => n.ReadAt, at), cancellationToken);
        await cache.InvalidateForUsersAsync(CacheTag.Notifications, [userId]);
        return read;
    }

    public async Task AddAsync(DirectNotification notification, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at, dedupe_key)
            VALUES (gen_random_uuid(), @ticket_id, @user_id, @type, @title, @message, false, now(), @dedupe_key)
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter("ticket_id", NpgsqlDbType.Uuid) { Value = (object?)notification.TicketId ?? DBNull.Value });
        command.Parameters.AddWithValue("user_id", notification.UserId);
        command.Parameters.AddWithValue("type", WireName<NotificationType>.Of(notification.Type));
        command.Parameters.AddWithValue("title", Truncate(notification.Title, 300));
        command.Parameters.AddWithValue("message", Truncate(notification.Message, 2000));
        command.Parameters.AddWithValue("dedupe_key", Truncate(notification.DedupeKey, 256));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await cache.InvalidateForUsersAsync(CacheTag.Notifications, [notification.UserId]);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    public Task<int> DeleteReadOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.Notifications.Where(n => n.IsRead && n.ReadAt < before).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> RaiseSlaBreachesAsync(DateTimeOffset now, TimeSpan lookback, CancellationToken cancellationToken)
    {
        // A ticket a policy covers is judged by its ticket_sla row (the recompute's verdict: the target's state is
        // breached), once per target and spell (a reopened ticket starts a new one, as escalations count them);
        // Championship IT's due date only where no policy covers the ticket. The open breached rows come from the
        // partial index the list's "overdue" uses.
        await using var command = dataSource.CreateCommand($"""
            WITH breached AS (
                SELECT t.id, t.ticket_number, t.title, t.assignee_id, x.due_at, x.title_suffix,
                       'sla:' || t.id || ':' || x.target || ':' || {Sla.EscalationStore.CycleSql} AS key_prefix
                FROM ticket_sla s
                JOIN tickets_cache t ON t.id = s.ticket_id
                CROSS JOIN LATERAL (VALUES
                    ('first_response', s.first_response_due_at, s.first_response_state, ' missed its first-response target'),
                    ('resolution', s.resolution_due_at, s.resolution_state, ' missed its resolution target'))
                    AS x(target, due_at, state, title_suffix)
                WHERE s.is_open AND s.state = 'breached' AND x.state = 'breached'
                  AND t.deleted_at IS NULL AND t.status = ANY(@active)
                  AND x.due_at <= @now AND x.due_at > @since
                UNION ALL
                SELECT t.id, t.ticket_number, t.title, t.assignee_id, t.due_date, ' breached its SLA',
                       'sla:' || t.id || ':' || to_char(t.due_date AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSMS')
                FROM tickets_cache t
                WHERE t.deleted_at IS NULL AND t.status = ANY(@active)
                  AND t.due_date <= @now AND t.due_date > @since
                  AND NOT EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id)
            ),
            recipients AS (
                SELECT b.*, a.user_id
                FROM breached b CROSS JOIN LATERAL (SELECT {UserAgentSql.UserOf("b.assignee_id")} AS user_id) a
                WHERE a.user_id IS NOT NULL
                UNION
                SELECT b.*, ur.user_id
                FROM breached b CROSS JOIN user_roles ur JOIN roles r ON r.id = ur.role_id AND r.name = '{Roles.Admin}'
            )
            INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at, dedupe_key, due_at)
            SELECT gen_random_uuid(), id, user_id, 'sla_breach', ticket_number || title_suffix, left(title, 2000),
                   false, @now, key_prefix || ':' || user_id, due_at
            FROM recipients
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            RETURNING user_id
            """);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = (now - lookback).ToUniversalTime() });
        command.Parameters.Add(TicketStatusParameters.Active("active"));
        var users = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                users.Add(reader.GetString(0));
            }
        }

        await cache.InvalidateForUsersAsync(CacheTag.Notifications, users);
        return users;
    }
}
