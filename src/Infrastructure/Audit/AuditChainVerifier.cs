using System.Globalization;
using Npgsql;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Audit;

/// <summary>
/// Walks the audit log in sequence order and recomputes each entry's hash (<see cref="AuditChain"/>)
/// from its stored columns and the previous entry's stored hash. The first entry that does not match, or
/// a sequence that skips, is the first broken link. After a retention prune the walk starts from the
/// newest checkpoint (<see cref="AuditRetention"/>), which names the last removed entry and its hash.
/// </summary>
internal sealed class AuditChainVerifier(NpgsqlDataSource dataSource, TimeProvider clock) : IAuditChainVerifier
{
    private const string CheckpointSql = $"""
        SELECT (details->>'through_seq')::bigint, details->>'through_hash'
        FROM audit_log WHERE action = '{AuditRetention.CheckpointAction}'
        ORDER BY seq DESC LIMIT 1
        """;

    private const string EntriesSql = """
        SELECT id, seq, occurred_at, user_id, actor, action, target_type, target_id, client_address, ticket_ids, details::text, hash
        FROM audit_log ORDER BY seq
        """;

    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the checkpoint and the walk: entries appended meanwhile are left for the next check.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var (expected, previous) = await StartAsync(connection, transaction, cancellationToken);
        long checkedCount = 0;
        long? first = null;
        long? head = null;
        AuditChainBreak? broken = null;

        await using (var command = new NpgsqlCommand(EntriesSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                var sequence = reader.GetInt64(1);
                var occurredAt = reader.GetFieldValue<DateTimeOffset>(2);
                var stored = reader.GetFieldValue<byte[]>(11);
                first ??= sequence;
                head = sequence;
                checkedCount++;
                if (broken is not null)
                {
                    continue;
                }

                if (sequence != expected)
                {
                    broken = new AuditChainBreak(sequence, id, occurredAt, sequence > expected
                        ? $"entries {Range(expected, sequence - 1)} are missing: the chain jumps from {expected - 1} to {sequence}"
                        : $"entry {sequence} repeats or precedes the retention checkpoint");
                    continue;
                }

                var row = new AuditChain.Row(
                    sequence,
                    occurredAt,
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetFieldValue<string[]>(9),
                    reader.GetString(10));
                if (!AuditChain.Hash(row, previous).AsSpan().SequenceEqual(stored))
                {
                    broken = new AuditChainBreak(sequence, id, occurredAt,
                        $"entry {sequence} does not match its hash: it was changed after it was written, or the entry before it was");
                    continue;
                }

                previous = stored;
                expected = sequence + 1;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new AuditChainReport(checkedCount, first, head, head is null ? null : Convert.ToHexStringLower(previous), broken, clock.GetUtcNow());
    }

    private static string Range(long from, long to) =>
        from == to ? from.ToString(CultureInfo.InvariantCulture) : $"{from.ToString(CultureInfo.InvariantCulture)}–{to.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The sequence the walk expects first, and the hash before it.</summary>
    private static async Task<(long Sequence, byte[] PreviousHash)> StartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CheckpointSql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && !reader.IsDBNull(1))
        {
            return (reader.GetInt64(0) + 1, Convert.FromHexString(reader.GetString(1)));
        }

        return (1, AuditChain.Genesis);
    }
}
