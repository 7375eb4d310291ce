using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Notifications;

/// <summary>
/// Claims ticket events for the notification dispatch: a transaction that first takes the dispatch's
/// advisory lock (instances take turns, so events are told in order and a notification is folded by
/// one of them at a time), then locks the oldest unhandled events; the notifications are written and
/// the events marked handled in that same transaction.
/// </summary>
internal sealed class TicketEventFeed(NpgsqlDataSource dataSource, ICacheInvalidator cache) : ITicketEventFeed
{
    // The status before an event: the old value of the first status change at or after it — counting
    // the status change of the same version (same ticket, occurred_at and recorded_at: one upsert) even
    // when its row came first — or, if none followed, the ticket's status now.
    private static readonly string ClaimSql = $"""
        SELECT e.id, e.ticket_id, e.event_type, e.old_value, e.new_value, e.actor_user_id, e.recorded_at,
               t.ticket_number, t.title, t.created_at,
               COALESCE((SELECT n.old_value FROM ticket_events n
                         WHERE n.ticket_id = e.ticket_id AND n.event_type = 'status_changed'
                           AND (n.id >= e.id OR (n.occurred_at = e.occurred_at AND n.recorded_at = e.recorded_at))
                         ORDER BY n.id
                         LIMIT 1), t.status) AS status_before,
               {UserAgentSql.UserWithEmail("t.requester_email")} AS requester_user_id,
               {UserAgentSql.UserOf("CASE WHEN e.event_type IN ('created', 'assignment_changed') THEN e.new_value ELSE t.assignee_id END")} AS assignee_user_id,
               CASE WHEN e.event_type IN ('created', 'assignment_changed') AND e.new_value IS NOT NULL THEN
                   COALESCE((SELECT a.name FROM remote_agents a WHERE a.id = e.new_value),
                            CASE WHEN t.assignee_id = e.new_value THEN t.assignee_name END)
               END AS assignee_name,
               c.id IS NOT NULL AS has_comment, c.author_name, c.visibility, c.created_at,
               {UserAgentSql.UserWithEmail("c.author_email")} AS author_user_id,
               ARRAY(SELECT f.user_id FROM ticket_followers f WHERE f.ticket_id = e.ticket_id AND f.following ORDER BY f.user_id) AS followers,
               ARRAY(SELECT f.user_id FROM ticket_followers f WHERE f.ticket_id = e.ticket_id AND NOT f.following ORDER BY f.user_id) AS muted
        FROM ticket_events e
        JOIN tickets_cache t ON t.id = e.ticket_id
        LEFT JOIN ticket_comments c ON e.event_type = 'comment_added' AND c.external_comment_id = e.new_value
        WHERE e.processed_at IS NULL
        ORDER BY e.id
        LIMIT @limit
        FOR UPDATE OF e SKIP LOCKED
        """;

    public async Task<ITicketEventClaim> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                turn.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = AdvisoryLocks.NotificationDispatch });
                await turn.ExecuteNonQueryAsync(cancellationToken);
            }

            var events = await ReadEventsAsync(connection, transaction, limit, cancellationToken);
            DateTimeOffset? watchingSince = null;
            if (events.Count > 0)
            {
                await using var first = new NpgsqlCommand("SELECT recorded_at FROM ticket_events ORDER BY id LIMIT 1", connection, transaction);
                watchingSince = await first.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
            }

            return new Claim(connection, transaction, events, watchingSince, cache);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<TicketEventContext>> ReadEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(ClaimSql, connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var events = new List<TicketEventContext>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            var comment = reader.GetBoolean(14)
                ? new EventComment(
                    Text(15),
                    Text(18),
                    Text(16) is { } visibility && WireName<CommentVisibility>.TryParse(visibility, out var v) ? v : null,
                    reader.GetFieldValue<DateTimeOffset>(17))
                : null;
            events.Add(new TicketEventContext(
                reader.GetInt64(0),
                reader.GetGuid(1),
                WireName<TicketEventType>.Parse(reader.GetString(2)),
                Text(3),
                Text(4),
                Text(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                WireName<TicketStatus>.TryParse(reader.GetString(10), out var status) ? status : TicketStatus.Open,
                Text(11),
                Text(12),
                Text(13),
                comment,
                reader.GetFieldValue<string[]>(19),
                reader.GetFieldValue<string[]>(20)));
        }

        return events;
    }

    private sealed class Claim(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TicketEventContext> events, DateTimeOffset? watchingSince, ICacheInvalidator cache)
        : ITicketEventClaim
    {
        private const string OpenSql = """
            SELECT n.id, n.ticket_id, n.user_id, n.fold_until, n.changes::text
            FROM ticket_notifications n
            JOIN unnest(@tickets, @users) AS r(ticket_id, user_id) ON n.ticket_id = r.ticket_id AND n.user_id = r.user_id
            WHERE NOT n.is_read AND n.changes IS NOT NULL AND n.fold_until > @at
            FOR UPDATE OF n
            """;

        private const string InsertSql = """
            INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at, dedupe_key, changes, fold_until)
            SELECT gen_random_uuid(), w.ticket_id, w.user_id, w.notification_type, w.title, w.message, false, @now, w.dedupe_key, w.changes::jsonb, w.fold_until
            FROM unnest(@tickets, @users, @types, @titles, @messages, @keys, @changes, @fold_until)
                 AS w(ticket_id, user_id, notification_type, title, message, dedupe_key, changes, fold_until)
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            """;

        private const string UpdateSql = """
            UPDATE ticket_notifications AS n
            SET notification_type = w.notification_type, title = w.title, message = w.message, changes = w.changes::jsonb,
                fold_version = n.fold_version + 1
            FROM unnest(@ids, @types, @titles, @messages, @changes) AS w(id, notification_type, title, message, changes)
            WHERE n.id = w.id
            """;

        public IReadOnlyList<TicketEventContext> Events => events;

        public DateTimeOffset? WatchingSince => watchingSince;

        public async Task<IReadOnlyList<OpenNotification>> GetOpenNotificationsAsync(
            IReadOnlyCollection<(Guid TicketId, string UserId)> readers,
            DateTimeOffset at,
            CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(OpenSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("tickets", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. readers.Select(r => r.TicketId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]>("users", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. readers.Select(r => r.UserId)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", NpgsqlDbType.TimestampTz) { TypedValue = at.ToUniversalTime() });
            var open = new List<OpenNotification>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add(new OpenNotification(
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    NotificationFold.FromJson(reader.GetString(4))));
            }

            return open;
        }

        public async Task CompleteAsync(IReadOnlyList<NotificationWrite> writes, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var inserts = writes.Where(w => w.ExistingId is null).ToList();
            if (inserts.Count > 0)
            {
                await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.ToUniversalTime() });
                insert.Parameters.Add(new NpgsqlParameter<Guid[]>("tickets", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. inserts.Select(w => w.TicketId)] });
                insert.Parameters.Add(Texts("users", inserts.Select(w => w.UserId)));
                insert.Parameters.Add(Texts("types", inserts.Select(w => WireName<NotificationType>.Of(w.Type))));
                insert.Parameters.Add(Texts("titles", inserts.Select(w => w.Title)));
                insert.Parameters.Add(Texts("messages", inserts.Select(w => w.Message)));
                insert.Parameters.Add(Texts("keys", inserts.Select(w => w.DedupeKey)));
                insert.Parameters.Add(Texts("changes", inserts.Select(w => NotificationFold.ToJson(w.Changes))));
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("fold_until", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
                {
                    TypedValue = [.. inserts.Select(w => w.FoldUntil.ToUniversalTime())],
                });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            var updates = writes.Where(w => w.ExistingId is not null).ToList();
            if (updates.Count > 0)
            {
                await using var update = new NpgsqlCommand(UpdateSql, connection, transaction);
                update.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. updates.Select(w => w.ExistingId!.Value)] });
                update.Parameters.Add(Texts("types", updates.Select(w => WireName<NotificationType>.Of(w.Type))));
                update.Parameters.Add(Texts("titles", updates.Select(w => w.Title)));
                update.Parameters.Add(Texts("messages", updates.Select(w => w.Message)));
                update.Parameters.Add(Texts("changes", updates.Select(w => NotificationFold.ToJson(w.Changes))));
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var done = new NpgsqlCommand("UPDATE ticket_events SET processed_at = @now WHERE id = ANY(@ids)", connection, transaction))
            {
                done.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.ToUniversalTime() });
                done.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. events.Select(e => e.EventId)] });
                await done.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);

            // A new notification changes its reader's unread count; a folded one stays one unread.
            await cache.InvalidateForUsersAsync(CacheTag.Notifications, inserts.Select(w => w.UserId));
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        private static NpgsqlParameter<string[]> Texts(string name, IEnumerable<string> values) =>
            new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };
    }
}
