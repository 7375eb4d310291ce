using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Webhooks.Commands.ApplyWebhookBatch;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// Claims the oldest pending webhook messages, one batch at a time, and has them applied by
/// <see cref="ApplyWebhookBatchCommand"/>, sent through the mediator in a system scope. The batch is
/// claimed with <c>FOR UPDATE SKIP LOCKED</c> in a transaction that stays open while it is applied,
/// so several app instances share the inbox without applying a message twice at once; the messages
/// are marked processed, and the minute's <c>ticket_sync_log</c> row counted, in that same
/// transaction. Applying is idempotent and order-safe (the repository keeps the latest
/// <c>updated_at</c>, tombstones, comment ids), so a crash before the commit only re-applies harmlessly.
/// </summary>
public sealed class WebhookBatchProcessor(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IOptions<WebhookProcessingOptions> options,
    ILogger<WebhookBatchProcessor> logger)
{
    // The column sizes of webhook_messages.error and ticket_sync_log.error_message.
    private const int MaxErrorLength = 2000;
    private const int MaxLogErrorLength = 4000;

    private const string ClaimSql = """
        SELECT webhook_id, event_type, body
        FROM webhook_messages
        WHERE processed_at IS NULL
        ORDER BY received_at, webhook_id
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """;

    // An applied message keeps its id, type and times (for de-duplication) but not its body: the body is a
    // whole ticket, PHI included, and the mirror already holds it. One that failed keeps it for diagnosis
    // until the retention job (Ticketing:Retention:FailedWebhookBodyDays).
    private const string MarkProcessedSql = """
        UPDATE webhook_messages AS m SET processed_at = $1, error = x.error,
            body = CASE WHEN x.error IS NULL THEN '{}' ELSE m.body END
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

        WebhookBatchResult result;
        await using (var scope = scopes.CreateSystemScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ApplyWebhookBatchCommand(messages), cancellationToken);
        }

        await MarkProcessedAsync(connection, transaction, messages, result, cancellationToken);
        await RecordMinuteAsync(connection, transaction, result, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (result.SetAside.Count > 0)
        {
            logger.LogWarning(
                "{Failed} of {Count} webhook messages could not be applied and were set aside; the first, {WebhookId}: {Reason}",
                result.SetAside.Count, messages.Count, result.SetAside[0].WebhookId, result.SetAside[0].Reason);
        }

        logger.LogDebug("Applied {Count} webhook messages ({Failed} failed)", messages.Count, result.SetAside.Count);
        return messages.Count;
    }

    private async Task<List<StoredWebhook>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ClaimSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = options.Value.BatchSize });
        var messages = new List<StoredWebhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new StoredWebhook(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return messages;
    }

    private static async Task MarkProcessedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<StoredWebhook> messages,
        WebhookBatchResult result,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MarkProcessedSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = result.AppliedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. messages.Select(m => m.WebhookId)],
        });
        command.Parameters.Add(new NpgsqlParameter<string?[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. result.Errors.Select(e => e is null ? null : Truncate(e, MaxErrorLength))],
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RecordMinuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        WebhookBatchResult result,
        CancellationToken cancellationToken)
    {
        var utc = result.AppliedAt.ToUniversalTime();
        var minute = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var firstFailure = result.SetAside.Count == 0 ? null : result.SetAside[0];
        await using var command = new NpgsqlCommand(RecordMinuteSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = result.Applied });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = result.SetAside.Count });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = minute });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = utc });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Text,
            Value = firstFailure is null ? DBNull.Value : Truncate($"Webhook {firstFailure.WebhookId}: {firstFailure.Reason}", MaxLogErrorLength),
        });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = JsonSerializer.Serialize(result.CountsByType) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
}
