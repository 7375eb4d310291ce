using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Channels.Persistence;

internal sealed class DigestStore(NpgsqlDataSource dataSource) : IDigestStore
{
    public async Task AddAsync(DigestItem item, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO email_digest_items (user_id, notification_id, ticket_id, ticket_number, notification_type, title, message, occurred_at, due_at)
            VALUES (@user_id, @notification_id, @ticket_id, @ticket_number, @type, @title, @message, @occurred_at, @due_at)
            ON CONFLICT (notification_id) DO UPDATE
                SET notification_type = EXCLUDED.notification_type, title = EXCLUDED.title, message = EXCLUDED.message
                WHERE email_digest_items.digested_at IS NULL
            """);
        var p = command.Parameters;
        p.AddWithValue("user_id", item.UserId);
        p.AddWithValue("notification_id", item.NotificationId);
        p.Add(new NpgsqlParameter("ticket_id", NpgsqlDbType.Uuid) { Value = (object?)item.TicketId ?? DBNull.Value });
        p.Add(EmailOutbox.Text("ticket_number", item.TicketNumber));
        p.AddWithValue("type", WireName<NotificationType>.Of(item.NotificationType));
        p.AddWithValue("title", EmailOutbox.Cut(item.Title, 300)!);
        p.AddWithValue("message", EmailOutbox.Cut(item.Message, 2000)!);
        p.Add(new NpgsqlParameter("occurred_at", NpgsqlDbType.TimestampTz) { Value = item.OccurredAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter("due_at", NpgsqlDbType.TimestampTz) { Value = item.DueAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DueDigest>> GetDueAsync(DateTimeOffset now, int maxDigests, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT user_id, due_at FROM email_digest_items
                WHERE digested_at IS NULL AND due_at <= @now
                GROUP BY user_id, due_at
                ORDER BY due_at, user_id
                LIMIT @max)
            SELECT i.id, i.user_id, i.notification_id, i.ticket_id, i.ticket_number, i.notification_type, i.title, i.message, i.occurred_at, i.due_at
            FROM email_digest_items i JOIN due d ON d.user_id = i.user_id AND d.due_at = i.due_at
            WHERE i.digested_at IS NULL
            ORDER BY i.due_at, i.user_id, i.occurred_at, i.id
            """);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.AddWithValue("max", maxDigests);
        var items = new List<DigestItem>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            items.Add(new DigestItem
            {
                Id = r.GetInt64(0),
                UserId = r.GetString(1),
                NotificationId = r.GetGuid(2),
                TicketId = r.IsDBNull(3) ? null : r.GetGuid(3),
                TicketNumber = r.IsDBNull(4) ? null : r.GetString(4),
                NotificationType = WireName<NotificationType>.Parse(r.GetString(5)),
                Title = r.GetString(6),
                Message = r.GetString(7),
                OccurredAt = r.GetFieldValue<DateTimeOffset>(8),
                DueAt = r.GetFieldValue<DateTimeOffset>(9),
            });
        }

        return [.. items.GroupBy(i => (i.UserId, i.DueAt)).Select(g => new DueDigest(g.Key.UserId, g.Key.DueAt, [.. g]))];
    }

    public async Task MarkDigestedAsync(IReadOnlyCollection<long> itemIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE email_digest_items SET digested_at = @at WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = itemIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

internal sealed class InboundEmailStore(NpgsqlDataSource dataSource, TicketingDbContext db) : IInboundEmailStore
{
    public async Task<InboundEmail> BeginAsync(string messageId, string fromAddress, string subject, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO inbound_emails (message_id, from_address, subject, outcome, attempts, received_at)
                VALUES (@message_id, @from, @subject, 'pending', 0, @at)
                ON CONFLICT (message_id) DO NOTHING
                RETURNING id, outcome)
            SELECT id, outcome FROM inserted
            UNION ALL
            SELECT id, outcome FROM inbound_emails WHERE message_id = @message_id
            LIMIT 1
            """);
        command.Parameters.AddWithValue("message_id", EmailOutbox.Cut(messageId, 1000)!);
        command.Parameters.AddWithValue("from", EmailOutbox.Cut(fromAddress, 320)!);
        command.Parameters.AddWithValue("subject", EmailOutbox.Cut(subject, 300)!);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new InboundEmail
        {
            Id = r.GetInt64(0),
            MessageId = messageId,
            FromAddress = fromAddress,
            Subject = subject,
            Outcome = WireName<InboundOutcome>.Parse(r.GetString(1)),
            ReceivedAt = at,
        };
    }

    public Task CompleteAsync(long id, InboundOutcome outcome, string? detail, string? ticketExternalId, string? ticketNumber, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.Set<InboundEmail>().Where(e => e.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(e => e.Outcome, outcome)
                .SetProperty(e => e.Detail, EmailOutbox.Cut(detail, 2000))
                .SetProperty(e => e.TicketExternalId, ticketExternalId)
                .SetProperty(e => e.TicketNumber, ticketNumber)
                .SetProperty(e => e.ProcessedAt, at)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1),
            cancellationToken);

    public Task RecordAttemptAsync(long id, string error, CancellationToken cancellationToken) =>
        db.Set<InboundEmail>().Where(e => e.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1).SetProperty(e => e.Detail, EmailOutbox.Cut(error, 2000)),
            cancellationToken);

    public async Task<IReadOnlyList<InboundEmail>> GetRecentAsync(int count, CancellationToken cancellationToken) =>
        await db.Set<InboundEmail>().AsNoTracking().OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);
}

internal sealed class DeliveryMonitor(NpgsqlDataSource dataSource) : IDeliveryMonitor
{
    public async Task<DeliveryOverview> GetOverviewAsync(int failures, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT count(*) FILTER (WHERE state IN ('queued', 'sending'))::int,
                   count(*) FILTER (WHERE state = 'failed')::int,
                   min(created_at) FILTER (WHERE state IN ('queued', 'sending'))
            FROM email_messages
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT count(*) FILTER (WHERE state IN ('queued', 'sending'))::int, count(*) FILTER (WHERE state = 'failed')::int FROM chat_posts
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT count(*)::int FROM email_digest_items WHERE digested_at IS NULL"));
        var failed = new NpgsqlBatchCommand("""
            (SELECT 'email' AS kind, id, to_address AS recipient, subject AS summary, attempts, coalesce(last_error, '') AS reason, created_at
             FROM email_messages WHERE state = 'failed' ORDER BY created_at DESC LIMIT $1)
            UNION ALL
            (SELECT 'chat', p.id, coalesce(c.name, CASE WHEN p.user_id IS NOT NULL THEN 'personal webhook' ELSE 'deleted channel' END), p.summary, p.attempts, coalesce(p.last_error, ''), p.created_at
             FROM chat_posts p LEFT JOIN chat_channels c ON c.id = p.channel_id WHERE p.state = 'failed' ORDER BY p.created_at DESC LIMIT $1)
            ORDER BY created_at DESC
            LIMIT $1
            """);
        failed.Parameters.Add(new NpgsqlParameter<int> { TypedValue = failures });
        batch.BatchCommands.Add(failed);

        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var (emailsQueued, emailsFailed, oldest) = (r.GetInt32(0), r.GetInt32(1), r.IsDBNull(2) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(2));
        await r.NextResultAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var (postsQueued, postsFailed) = (r.GetInt32(0), r.GetInt32(1));
        await r.NextResultAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var digestItems = r.GetInt32(0);
        await r.NextResultAsync(cancellationToken);
        var list = new List<FailedDelivery>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new FailedDelivery(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6)));
        }

        return new DeliveryOverview(emailsQueued, emailsFailed, oldest, postsQueued, postsFailed, digestItems, list);
    }

    public Task<bool> RequeueEmailAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        RequeueAsync("email_messages", id, at, cancellationToken);

    public Task<bool> RequeueChatPostAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        RequeueAsync("chat_posts", id, at, cancellationToken);

    // An admin's retry starts the count again: the reason it failed has presumably been dealt with.
    private async Task<bool> RequeueAsync(string table, long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {table} SET state = 'queued', attempts = 0, next_attempt_at = @at WHERE id = @id AND state = 'failed'");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}

/// <summary>
/// The calendar's tickets: assigned to the user (matched to the agent as notifications match them), or
/// followed — explicitly, or as their requester unless they muted it (decision 040). A ticket's due date is
/// its SLA policy's resolution due date when a policy applies (<c>ticket_sla</c>), else Championship IT's.
/// </summary>
internal sealed class CalendarTicketReader(NpgsqlDataSource dataSource) : ICalendarTicketReader
{
    private static readonly string Sql = $"""
        WITH me AS (
            SELECT u.id, u.normalized_email, {Notifications.UserAgentSql.AgentOf("u")} AS agent_id FROM users u WHERE u.id = @user_id
        )
        SELECT t.id, t.ticket_number, t.title, t.status, t.priority, t.assignee_name,
               coalesce(s.resolution_due_at, t.due_date) AS due, t.updated_at,
               COALESCE(t.assignee_id = me.agent_id, false) AS assigned
        FROM tickets_cache t
        CROSS JOIN me
        LEFT JOIN ticket_followers f ON f.ticket_id = t.id AND f.user_id = me.id
        LEFT JOIN ticket_sla s ON s.ticket_id = t.id
        WHERE t.deleted_at IS NULL AND coalesce(s.resolution_due_at, t.due_date) IS NOT NULL AND t.status = ANY(@active_statuses)
          AND (t.assignee_id = me.agent_id
               OR f.following
               OR (f.following IS NULL AND me.normalized_email IS NOT NULL AND upper(t.requester_email) = me.normalized_email))
        ORDER BY due, t.id
        LIMIT 2000
        """;

    public async Task<IReadOnlyList<CalendarTicket>> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.Add(TicketStatusParameters.Active("active_statuses"));
        var tickets = new List<CalendarTicket>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            tickets.Add(new CalendarTicket(
                r.GetGuid(0),
                r.GetString(1),
                r.GetString(2),
                WireName<Domain.Tickets.TicketStatus>.Parse(r.GetString(3)),
                WireName<Domain.Tickets.TicketPriority>.Parse(r.GetString(4)),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.GetFieldValue<DateTimeOffset>(6),
                r.GetFieldValue<DateTimeOffset>(7),
                Assigned: r.GetBoolean(8),
                Followed: !r.GetBoolean(8)));
        }

        return tickets;
    }
}
