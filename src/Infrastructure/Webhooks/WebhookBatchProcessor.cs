using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// Applies the oldest pending webhook messages to the cache, one batch at a time. The batch is claimed
/// with <c>FOR UPDATE SKIP LOCKED</c> in a transaction that stays open while it is applied, so several
/// app instances share the inbox without applying a message twice at once; the messages are marked
/// processed, and the minute's <c>ticket_sync_log</c> row counted, in that same transaction. Applying is
/// idempotent and order-safe (the repository keeps the latest <c>updated_at</c>, tombstones, comment
/// ids), so a crash before the commit only re-applies harmlessly.
/// </summary>
public sealed class WebhookBatchProcessor(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IOptions<WebhookProcessingOptions> options,
    TimeProvider clock,
    ILogger<WebhookBatchProcessor> logger)
{
    private const int MaxErrorLength = 2000;
    private const int MaxLogErrorLength = 4000;
    private const string IgnoredKey = "ignored";

    private const string ClaimSql = """
        SELECT webhook_id, event_type, body
        FROM webhook_messages
        WHERE processed_at IS NULL
        ORDER BY received_at, webhook_id
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """;

    private const string MarkProcessedSql = """
        UPDATE webhook_messages AS m SET processed_at = $1, error = x.error
        FROM unnest($2::text[], $3::text[]) AS x(webhook_id, error)
        WHERE m.webhook_id = x.webhook_id
        """;

    // One row per minute for all instances: the unique partial index on started_at makes concurrent
    // batches add to the same row; the details' counts by type are summed key by key.
    private const string RecordMinuteSql = """
        INSERT INTO ticket_sync_log AS l
            (sync_type, status, records_processed, records_failed, started_at, completed_at, error_message, details)
        VALUES ('webhook', CASE WHEN $2 > 0 THEN 'partial' ELSE 'success' END, $1, $2, $3, $4, $5, $6)
        ON CONFLICT (started_at) WHERE sync_type = 'webhook' DO UPDATE SET
            records_processed = l.records_processed + EXCLUDED.records_processed,
            records_failed = l.records_failed + EXCLUDED.records_failed,
            status = CASE WHEN l.records_failed + EXCLUDED.records_failed > 0 THEN 'partial' ELSE 'success' END,
            completed_at = GREATEST(l.completed_at, EXCLUDED.completed_at),
            error_message = COALESCE(EXCLUDED.error_message, l.error_message),
            details = (
                SELECT COALESCE(jsonb_object_agg(counts.key, counts.total), '{}'::jsonb)
                FROM (
                    SELECT e.key, sum(e.value::bigint) AS total
                    FROM (SELECT * FROM jsonb_each_text(l.details) UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED.details)) AS e
                    GROUP BY e.key) AS counts)
        """;

    /// <summary>Applies up to one batch; returns how many messages it handled (0 when none were pending).</summary>
    public async Task<int> ProcessNextBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var messages = await ClaimAsync(connection, transaction, cancellationToken);
        if (messages.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var changes = messages.Select(m => WebhookChange.Read(m.Body)).ToList();
        await using (var scope = scopes.CreateAsyncScope())
        {
            await ApplyAsync(scope.ServiceProvider.GetRequiredService<ITicketRepository>(), changes, now, cancellationToken);
        }

        await MarkProcessedAsync(connection, transaction, messages, changes, now, cancellationToken);
        var failed = await RecordMinuteAsync(connection, transaction, messages, changes, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (failed.Count > 0)
        {
            logger.LogWarning(
                "{Failed} of {Count} webhook messages could not be applied and were set aside; the first, {WebhookId}: {Reason}",
                failed.Count, messages.Count, failed[0].WebhookId, failed[0].Reason);
        }

        logger.LogDebug("Applied {Count} webhook messages ({Failed} failed)", messages.Count, failed.Count);
        return messages.Count;
    }

    private static async Task ApplyAsync(ITicketRepository tickets, List<WebhookChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Tickets first (a comment needs its ticket), then comments, then deletions: a deletion wins
        // whatever its place in the batch, as the tombstone would make it win in a later batch.
        var upserts = changes.Where(c => c.Kind is WebhookChangeKind.Upsert or WebhookChangeKind.Comment).ToList();
        if (upserts.Count > 0)
        {
            try
            {
                // The repository keeps each ticket's latest version, so repeats within the batch are fine.
                await tickets.UpsertManyAsync([.. upserts.Select(c => c.Ticket!)], ChangeSource.Webhook, now, touchUnchanged: false, cancellationToken);
            }
            catch (PostgresException ex) when (IsDataError(ex))
            {
                // One ticket the database refuses must not hold back the others: find it one by one.
                foreach (var change in upserts)
                {
                    await ApplyOneAsync(change, () => tickets.UpsertManyAsync([change.Ticket!], ChangeSource.Webhook, now, touchUnchanged: false, cancellationToken));
                }
            }
        }

        foreach (var change in changes.Where(c => c.Kind == WebhookChangeKind.Comment))
        {
            await ApplyOneAsync(change, () => tickets.AddCommentAsync(change.TicketId!, change.Comment!, ChangeSource.Webhook, now, cancellationToken));
        }

        var deletions = changes.Where(c => c.Kind == WebhookChangeKind.Delete).ToList();
        if (deletions.Count > 0)
        {
            try
            {
                await tickets.MarkDeletedAsync([.. deletions.Select(c => c.TicketId!).Distinct(StringComparer.Ordinal)], ChangeSource.Webhook, now, cancellationToken);
            }
            catch (PostgresException ex) when (IsDataError(ex))
            {
                foreach (var change in deletions)
                {
                    await ApplyOneAsync(change, () => tickets.MarkDeletedAsync([change.TicketId!], ChangeSource.Webhook, now, cancellationToken));
                }
            }
        }
    }

    private static async Task ApplyOneAsync(WebhookChange change, Func<Task> apply)
    {
        try
        {
            await apply();
        }
        catch (PostgresException ex) when (IsDataError(ex))
        {
            // The message text names the constraint or type, never the value (the detail might).
            change.Fail($"The cache refused it: {ex.SqlState} {ex.MessageText}");
        }
    }

    /// <summary>
    /// Errors caused by the data itself (SQLSTATE classes 22, 23 and 54): retrying cannot help, so the
    /// message is set aside. Anything else (connection, shutdown, lock timeout) fails the whole batch,
    /// which stays pending and is retried.
    /// </summary>
    private static bool IsDataError(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("23", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("54", StringComparison.Ordinal);

    private async Task<List<ClaimedMessage>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ClaimSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = options.Value.BatchSize });
        var messages = new List<ClaimedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new ClaimedMessage(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return messages;
    }

    private static async Task MarkProcessedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<ClaimedMessage> messages,
        List<WebhookChange> changes,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MarkProcessedSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. messages.Select(m => m.WebhookId)],
        });
        command.Parameters.Add(new NpgsqlParameter<string?[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. changes.Select(c => c.Error is null ? null : Truncate(c.Error, MaxErrorLength))],
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<(string WebhookId, string Reason)>> RecordMinuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<ClaimedMessage> messages,
        List<WebhookChange> changes,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failed = new List<(string WebhookId, string Reason)>();
        var applied = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var change = changes[i];
            var key = change.Kind == WebhookChangeKind.Ignored ? IgnoredKey
                : WebhookEventTypes.IsKnown(messages[i].EventType) ? messages[i].EventType
                : "other";
            byType[key] = byType.GetValueOrDefault(key) + 1;
            if (change.Kind == WebhookChangeKind.Invalid)
            {
                failed.Add((messages[i].WebhookId, change.Error!));
            }
            else if (change.Kind != WebhookChangeKind.Ignored)
            {
                applied++;
            }
        }

        var utc = now.ToUniversalTime();
        var minute = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        await using var command = new NpgsqlCommand(RecordMinuteSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = applied });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = failed.Count });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = minute });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = utc });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Text,
            Value = failed.Count == 0 ? DBNull.Value : Truncate($"Webhook {failed[0].WebhookId}: {failed[0].Reason}", MaxLogErrorLength),
        });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = JsonSerializer.Serialize(byType) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return failed;
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");

    private sealed record ClaimedMessage(string WebhookId, string EventType, string Body);
}
