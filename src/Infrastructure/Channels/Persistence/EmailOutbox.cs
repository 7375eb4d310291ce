using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Common;

namespace Ticketing.Infrastructure.Channels.Persistence;

/// <summary>
/// The e-mail queue in SQL: claims use <c>FOR UPDATE SKIP LOCKED</c>, so several senders share it without
/// sending one e-mail twice at once; inserts use <c>ON CONFLICT DO NOTHING</c> on the dedupe key.
/// </summary>
internal sealed class EmailOutbox(NpgsqlDataSource dataSource) : IEmailOutbox
{
    private const string Columns = """
        id, dedupe_key, kind, user_id, to_address, to_name, ticket_id, notification_id, subject, text_body, html_body,
        message_id, in_reply_to, references_header, reply_token, unsubscribe_url, state, attempts, next_attempt_at, last_error, created_at, sent_at,
        attachment_name, attachment_content_type, attachment
        """;

    public async Task<bool> EnqueueAsync(OutboundEmail email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO email_messages (dedupe_key, kind, user_id, to_address, to_name, ticket_id, notification_id, subject, text_body, html_body,
                message_id, in_reply_to, references_header, reply_token, unsubscribe_url, state, attempts, next_attempt_at, created_at,
                attachment_name, attachment_content_type, attachment)
            VALUES (@dedupe_key, @kind, @user_id, @to_address, @to_name, @ticket_id, @notification_id, @subject, @text_body, @html_body,
                @message_id, @in_reply_to, @references, @reply_token, @unsubscribe_url, 'queued', 0, @next_attempt_at, @created_at,
                @attachment_name, @attachment_content_type, @attachment)
            ON CONFLICT DO NOTHING
            """);
        var p = command.Parameters;
        p.AddWithValue("dedupe_key", email.DedupeKey);
        p.AddWithValue("kind", WireName<EmailKind>.Of(email.Kind));
        p.Add(Text("user_id", email.UserId));
        p.AddWithValue("to_address", email.ToAddress);
        p.Add(Text("to_name", Cut(email.ToName, 200)));
        p.Add(new NpgsqlParameter("ticket_id", NpgsqlDbType.Uuid) { Value = (object?)email.TicketId ?? DBNull.Value });
        p.Add(new NpgsqlParameter("notification_id", NpgsqlDbType.Uuid) { Value = (object?)email.NotificationId ?? DBNull.Value });
        p.AddWithValue("subject", Cut(email.Subject, 500)!);
        p.AddWithValue("text_body", email.TextBody);
        p.AddWithValue("html_body", email.HtmlBody);
        p.AddWithValue("message_id", email.MessageId);
        p.Add(Text("in_reply_to", email.InReplyTo));
        p.Add(Text("references", email.References));
        p.Add(Text("reply_token", email.ReplyToken));
        p.Add(Text("unsubscribe_url", email.UnsubscribeUrl));
        p.Add(new NpgsqlParameter("next_attempt_at", NpgsqlDbType.TimestampTz) { Value = email.NextAttemptAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter("created_at", NpgsqlDbType.TimestampTz) { Value = email.CreatedAt.ToUniversalTime() });
        p.Add(Text("attachment_name", Cut(email.AttachmentName, 200)));
        p.Add(Text("attachment_content_type", Cut(email.AttachmentContentType, 100)));
        p.Add(new NpgsqlParameter("attachment", NpgsqlDbType.Bytea) { Value = (object?)email.Attachment ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<OutboundEmail>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE email_messages AS e SET state = 'sending', attempts = e.attempts + 1, next_attempt_at = @until
            WHERE e.id IN (
                SELECT id FROM email_messages
                WHERE state IN ('queued', 'sending') AND next_attempt_at <= @now
                ORDER BY next_attempt_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = claimUntil.ToUniversalTime() });
        command.Parameters.AddWithValue("max", max);
        var claimed = new List<OutboundEmail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(Read(reader));
        }

        return [.. claimed.OrderBy(e => e.Id)];
    }

    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE email_messages SET state = 'sent', sent_at = @at, last_error = NULL WHERE id = @id", id, at, null, cancellationToken);

    public Task RetryLaterAsync(long id, DateTimeOffset at, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE email_messages SET state = 'queued', next_attempt_at = @at, last_error = @text WHERE id = @id", id, at, error, cancellationToken);

    public Task FailAsync(long id, string reason, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE email_messages SET state = 'failed', last_error = @text WHERE id = @id", id, null, reason, cancellationToken);

    public async Task<SentEmailReference?> FindSentAsync(string? replyToken, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        if (replyToken is null && messageIds.Count == 0)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT kind, ticket_id, user_id, to_address FROM email_messages
            WHERE reply_token = @token OR message_id = ANY(@ids)
            ORDER BY (reply_token IS NOT DISTINCT FROM @token) DESC, id DESC
            LIMIT 1
            """);
        command.Parameters.Add(Text("token", replyToken));
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messageIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SentEmailReference(
            WireName<EmailKind>.Parse(reader.GetString(0)),
            reader.IsDBNull(1) ? null : reader.GetGuid(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetString(3));
    }

    private async Task ExecuteAsync(string sql, long id, DateTimeOffset? at, string? text, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        if (at is { } when)
        {
            command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = when.ToUniversalTime() });
        }

        if (sql.Contains("@text", StringComparison.Ordinal))
        {
            command.Parameters.Add(Text("text", Cut(text, 2000)));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static OutboundEmail Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        DedupeKey = r.GetString(1),
        Kind = WireName<EmailKind>.Parse(r.GetString(2)),
        UserId = r.IsDBNull(3) ? null : r.GetString(3),
        ToAddress = r.GetString(4),
        ToName = r.IsDBNull(5) ? null : r.GetString(5),
        TicketId = r.IsDBNull(6) ? null : r.GetGuid(6),
        NotificationId = r.IsDBNull(7) ? null : r.GetGuid(7),
        Subject = r.GetString(8),
        TextBody = r.GetString(9),
        HtmlBody = r.GetString(10),
        MessageId = r.GetString(11),
        InReplyTo = r.IsDBNull(12) ? null : r.GetString(12),
        References = r.IsDBNull(13) ? null : r.GetString(13),
        ReplyToken = r.IsDBNull(14) ? null : r.GetString(14),
        UnsubscribeUrl = r.IsDBNull(15) ? null : r.GetString(15),
        State = WireName<DeliveryState>.Parse(r.GetString(16)),
        Attempts = r.GetInt32(17),
        NextAttemptAt = r.GetFieldValue<DateTimeOffset>(18),
        LastError = r.IsDBNull(19) ? null : r.GetString(19),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(20),
        SentAt = r.IsDBNull(21) ? null : r.GetFieldValue<DateTimeOffset>(21),
        AttachmentName = r.IsDBNull(22) ? null : r.GetString(22),
        AttachmentContentType = r.IsDBNull(23) ? null : r.GetString(23),
        Attachment = r.IsDBNull(24) ? null : r.GetFieldValue<byte[]>(24),
    };

    internal static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    internal static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
