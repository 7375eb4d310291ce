using Npgsql;
using Ticketing.Application.Retention.Commands.ApplyRetention;

namespace Ticketing.Infrastructure.Retention;

/// <summary>
/// The retention job's deletes, each in batches of <see cref="BatchSize"/> rows (one short transaction each),
/// so a first run over years of rows never holds a long lock or a huge transaction.
/// </summary>
internal sealed class RetentionStore(NpgsqlDataSource dataSource) : IRetentionStore
{
    public const int BatchSize = 10_000;

    public async Task<long> PurgeAsync(RetentionKind kind, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var sql = kind switch
        {
            RetentionKind.History => Delete("ticket_history", "recorded_at < @before"),
            RetentionKind.Events => Delete("ticket_events", "processed_at IS NOT NULL AND processed_at < @before"),
            RetentionKind.Outbox => Delete("ticket_outbox", "state <> 'pending' AND coalesce(completed_at, queued_at) < @before"),
            RetentionKind.Emails => Delete("email_messages", "state IN ('sent', 'failed') AND coalesce(sent_at, created_at) < @before"),
            RetentionKind.FailedWebhookBodies => $"""
                UPDATE webhook_messages SET body = '{EmptyBody}'
                WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM webhook_messages
                    WHERE processed_at IS NOT NULL AND processed_at < @before AND body::text <> '{EmptyBody}'
                    LIMIT {BatchSize}))
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("before", before.ToUniversalTime());
            var removed = await command.ExecuteNonQueryAsync(cancellationToken);
            total += removed;
            if (removed < BatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>What an applied webhook message keeps of its body: nothing (its id, type and times are columns).</summary>
    public const string EmptyBody = "{}";

    private static string Delete(string table, string condition) =>
        $"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {condition} LIMIT {BatchSize}))";
}
