using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Common;

namespace Ticketing.Infrastructure.Channels.Persistence;

/// <summary>
/// The chat queue in SQL. A round claims the oldest due post of each target that is not held by its
/// rate limit, so one webhook never gets two posts at once, and unprotects the webhook it goes to.
/// </summary>
internal sealed class ChatOutbox(NpgsqlDataSource dataSource, IChannelSecretProtector protector) : IChatOutbox
{
    public async Task<bool> EnqueueAsync(ChatPost post, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO chat_posts (dedupe_key, channel_id, user_id, target_key, format, payload, summary, state, attempts, next_attempt_at, created_at)
            VALUES (@dedupe_key, @channel_id, @user_id, @target_key, @format, @payload::jsonb, @summary, 'queued', 0, @next_attempt_at, @created_at)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        var p = command.Parameters;
        p.AddWithValue("dedupe_key", post.DedupeKey);
        p.Add(new NpgsqlParameter("channel_id", NpgsqlDbType.Uuid) { Value = (object?)post.ChannelId ?? DBNull.Value });
        p.Add(EmailOutbox.Text("user_id", post.UserId));
        p.AddWithValue("target_key", post.TargetKey);
        p.AddWithValue("format", WireName<ChatFormat>.Of(post.Format));
        p.AddWithValue("payload", post.PayloadJson);
        p.AddWithValue("summary", EmailOutbox.Cut(post.Summary, 300)!);
        p.Add(new NpgsqlParameter("next_attempt_at", NpgsqlDbType.TimestampTz) { Value = post.NextAttemptAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter("created_at", NpgsqlDbType.TimestampTz) { Value = post.CreatedAt.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<ClaimedChatPost>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken)
    {
        var posts = new List<(ChatPost Post, string? Protected)>();
        await using (var command = dataSource.CreateCommand("""
            WITH heads AS (
                SELECT DISTINCT ON (p.target_key) p.id
                FROM chat_posts p
                WHERE p.state IN ('queued', 'sending') AND p.next_attempt_at <= @now
                  AND NOT EXISTS (SELECT 1 FROM chat_rate_limits r WHERE r.target_key = p.target_key AND r.not_before > @now)
                ORDER BY p.target_key, p.id
                LIMIT @max
            ), locked AS (
                SELECT p.id FROM chat_posts p JOIN heads h ON h.id = p.id
                FOR UPDATE OF p SKIP LOCKED
            )
            UPDATE chat_posts AS p SET state = 'sending', attempts = p.attempts + 1, next_attempt_at = @until
            FROM locked
            WHERE p.id = locked.id
            RETURNING p.id, p.dedupe_key, p.channel_id, p.user_id, p.target_key, p.format, p.payload::text, p.summary, p.attempts, p.created_at,
                CASE WHEN p.channel_id IS NOT NULL
                     THEN (SELECT c.webhook_url_protected FROM chat_channels c WHERE c.id = p.channel_id AND c.is_enabled)
                     ELSE (SELECT n.chat_webhook_url_protected FROM notification_preferences n WHERE n.user_id = p.user_id)
                END
            """))
        {
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = claimUntil.ToUniversalTime() });
            command.Parameters.AddWithValue("max", max);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                posts.Add((new ChatPost
                {
                    Id = r.GetInt64(0),
                    DedupeKey = r.GetString(1),
                    ChannelId = r.IsDBNull(2) ? null : r.GetGuid(2),
                    UserId = r.IsDBNull(3) ? null : r.GetString(3),
                    TargetKey = r.GetString(4),
                    Format = WireName<ChatFormat>.Parse(r.GetString(5)),
                    PayloadJson = r.GetString(6),
                    Summary = r.GetString(7),
                    State = DeliveryState.Sending,
                    Attempts = r.GetInt32(8),
                    CreatedAt = r.GetFieldValue<DateTimeOffset>(9),
                }, r.IsDBNull(10) ? null : r.GetString(10)));
            }
        }

        return [.. posts.OrderBy(p => p.Post.Id).Select(p => new ClaimedChatPost(p.Post, p.Protected is null ? null : protector.TryUnprotect(p.Protected)))];
    }

    public async Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE chat_posts SET state = 'sent', sent_at = @at, last_error = NULL WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RetryLaterAsync(long id, DateTimeOffset at, string error, bool countsAsFailure, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE chat_posts SET state = 'queued', next_attempt_at = @at, last_error = @error, attempts = attempts - @uncount WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        command.Parameters.AddWithValue("error", EmailOutbox.Cut(error, 2000)!);
        command.Parameters.AddWithValue("uncount", countsAsFailure ? 0 : 1);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task FailAsync(long id, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE chat_posts SET state = 'failed', last_error = @reason WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("reason", EmailOutbox.Cut(reason, 2000)!);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task HoldTargetAsync(string targetKey, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO chat_rate_limits (target_key, not_before) VALUES (@target, @not_before)
            ON CONFLICT (target_key) DO UPDATE SET not_before = GREATEST(chat_rate_limits.not_before, EXCLUDED.not_before)
            """);
        command.Parameters.AddWithValue("target", targetKey);
        command.Parameters.Add(new NpgsqlParameter("not_before", NpgsqlDbType.TimestampTz) { Value = notBefore.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
