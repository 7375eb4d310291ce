using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Sla;

/// <summary>
/// Claims SLA work in PostgreSQL and writes <c>ticket_sla</c> set-based (one statement per batch, arrays
/// unnested). Claims take row locks with <c>SKIP LOCKED</c>, so instances share the work without overlap;
/// changed tickets come first, then a full run under way, then tickets whose state changes with time.
/// </summary>
internal sealed class SlaRecomputeStore(NpgsqlDataSource dataSource, TimeProvider clock) : ISlaRecomputeStore
{
    public async Task<int> ProcessBatchAsync(
        int size, Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        long? runId = null;
        var ids = await ClaimIdsAsync(connection, transaction,
            "DELETE FROM sla_dirty WHERE ticket_id IN (SELECT ticket_id FROM sla_dirty ORDER BY marked_at LIMIT @size FOR UPDATE SKIP LOCKED) RETURNING ticket_id",
            size, null, cancellationToken);
        if (ids.Count == 0)
        {
            (runId, var cursor) = await ClaimRunAsync(connection, transaction, cancellationToken);
            if (runId is not null)
            {
                ids = await ClaimIdsAsync(connection, transaction,
                    "SELECT id FROM tickets_cache WHERE id > @cursor ORDER BY id LIMIT @size", size, cursor ?? Guid.Empty, cancellationToken);
            }
        }

        if (ids.Count == 0 && runId is null)
        {
            ids = await ClaimIdsAsync(connection, transaction,
                "SELECT ticket_id FROM ticket_sla WHERE next_check_at <= now() ORDER BY next_check_at LIMIT @size FOR UPDATE SKIP LOCKED",
                size, null, cancellationToken);
        }

        if (ids.Count > 0)
        {
            var tickets = await ReadTicketsAsync(connection, transaction, ids, cancellationToken);
            var found = tickets.Select(t => t.TicketId).ToHashSet();
            var rows = evaluate(tickets).ToList();
            rows.AddRange(ids.Where(id => !found.Contains(id)).Select(id => new TicketSlaRow(id, null, null, clock.GetUtcNow())));
            var open = tickets.Where(t => !t.Deleted && t.Facts.Status.IsActive()).Select(t => t.TicketId).ToHashSet();
            await WriteAsync(connection, transaction, rows, open, cancellationToken);
        }

        if (runId is { } run)
        {
            await using var advance = new NpgsqlCommand(
                """
                UPDATE sla_recompute_runs
                SET cursor_id = coalesce(@last, cursor_id), processed = processed + @count,
                    started_at = coalesce(started_at, @now), finished_at = CASE WHEN @count < @size THEN @now END
                WHERE id = @run
                """, connection, transaction);
            advance.Parameters.AddWithValue("last", NpgsqlDbType.Uuid, ids.Count > 0 ? ids[^1] : DBNull.Value);
            advance.Parameters.AddWithValue("count", ids.Count);
            advance.Parameters.AddWithValue("size", size);
            advance.Parameters.AddWithValue("now", clock.GetUtcNow());
            advance.Parameters.AddWithValue("run", run);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // A finished run with nothing left still counts as work done, so the caller goes on to other work.
        return runId is not null && ids.Count == 0 ? 1 : ids.Count;
    }

    public async Task<SlaRecomputeProgress> GetProgressAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*) FROM sla_dirty), r.reason, r.requested_at, r.processed, r.total, r.finished_at
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (SELECT * FROM sla_recompute_runs WHERE NOT superseded ORDER BY id DESC LIMIT 1) r ON true
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SlaRecomputeProgress(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
            reader.IsDBNull(4) ? 0 : reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }

    private static async Task<(long? Id, Guid? Cursor)> ClaimRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, cursor_id FROM sla_recompute_runs WHERE finished_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetGuid(1))
            : (null, null);
    }

    private static async Task<List<Guid>> ClaimIdsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int size, Guid? cursor, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("size", size);
        if (cursor is { } c)
        {
            command.Parameters.AddWithValue("cursor", c);
        }

        var ids = new List<Guid>(size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<List<SlaTicketInput>> ReadTicketsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> ids, CancellationToken cancellationToken)
    {
        var idArray = ids.ToArray();
        var replies = new Dictionary<Guid, DateTimeOffset>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.ticket_id, min(c.created_at)
            FROM ticket_comments c
            WHERE c.ticket_id = ANY(@ids) AND c.visibility = 'public'
              AND EXISTS (SELECT 1 FROM remote_agents a WHERE lower(a.email) = lower(c.author_email))
            GROUP BY c.ticket_id
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                replies[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        var history = new Dictionary<Guid, List<StatusChange>>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT ticket_id, changed_at, old_value, new_value FROM ticket_history
            WHERE ticket_id = ANY(@ids) AND field = 'status'
            ORDER BY ticket_id, changed_at, id
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!WireName<TicketStatus>.TryParse(reader.IsDBNull(3) ? null : reader.GetString(3), out var to))
                {
                    continue;
                }

                TicketStatus? from = WireName<TicketStatus>.TryParse(reader.IsDBNull(2) ? null : reader.GetString(2), out var f) ? f : null;
                var id = reader.GetGuid(0);
                if (!history.TryGetValue(id, out var changes))
                {
                    history[id] = changes = [];
                }

                changes.Add(new StatusChange(reader.GetFieldValue<DateTimeOffset>(1), from, to));
            }
        }

        var tickets = new List<SlaTicketInput>(ids.Count);
        await using (var command = new NpgsqlCommand(
            """
            SELECT id, deleted_at IS NOT NULL, status, priority, category, department, tags, created_at, updated_at, resolved_at
            FROM tickets_cache WHERE id = ANY(@ids)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                var status = WireName<TicketStatus>.Parse(reader.GetString(2));
                var facts = new SlaTicketFacts(
                    reader.GetFieldValue<DateTimeOffset>(7),
                    reader.GetFieldValue<DateTimeOffset>(8),
                    status,
                    reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                    replies.TryGetValue(id, out var reply) ? reply : null,
                    history.TryGetValue(id, out var changes) ? changes : []);
                tickets.Add(new SlaTicketInput(
                    id,
                    reader.GetBoolean(1),
                    WireName<TicketPriority>.Parse(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? [] : reader.GetFieldValue<string[]>(6),
                    facts));
            }
        }

        return tickets;
    }

    /// <summary>
    /// Writes the batch's rows; <paramref name="open"/> are the tickets unresolved as read, kept as <c>is_open</c> so the
    /// list's "breached" and "at risk" read a partial index of open tickets only.
    /// </summary>
    private static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<TicketSlaRow> rows, HashSet<Guid> open, CancellationToken cancellationToken)
    {
        var kept = rows.Where(r => r is { PolicyId: not null, Evaluation: not null }).ToList();
        var dropped = rows.Where(r => r.PolicyId is null || r.Evaluation is null).Select(r => r.TicketId).ToArray();

        await using (var delete = new NpgsqlCommand("DELETE FROM ticket_sla WHERE ticket_id = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", dropped);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (kept.Count == 0)
        {
            return;
        }

        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO ticket_sla (ticket_id, policy_id, first_response_due_at, first_response_at, first_response_state,
                resolution_due_at, resolution_state, paused_seconds, is_paused, state, next_check_at, computed_at, is_open)
            SELECT * FROM unnest(@ticket_id, @policy_id, @first_due, @first_at, @first_state,
                @resolution_due, @resolution_state, @paused, @is_paused, @state, @next_check, @computed, @is_open)
            ON CONFLICT (ticket_id) DO UPDATE SET
                policy_id = EXCLUDED.policy_id, first_response_due_at = EXCLUDED.first_response_due_at,
                first_response_at = EXCLUDED.first_response_at, first_response_state = EXCLUDED.first_response_state,
                resolution_due_at = EXCLUDED.resolution_due_at, resolution_state = EXCLUDED.resolution_state,
                paused_seconds = EXCLUDED.paused_seconds, is_paused = EXCLUDED.is_paused, state = EXCLUDED.state,
                next_check_at = EXCLUDED.next_check_at, computed_at = EXCLUDED.computed_at, is_open = EXCLUDED.is_open
            """, connection, transaction);
        upsert.Parameters.AddWithValue("ticket_id", kept.Select(r => r.TicketId).ToArray());
        upsert.Parameters.AddWithValue("policy_id", kept.Select(r => r.PolicyId!.Value).ToArray());
        Instants(upsert, "first_due", kept.Select(r => r.Evaluation!.FirstResponseDueAt));
        Instants(upsert, "first_at", kept.Select(r => r.Evaluation!.FirstResponseAt));
        upsert.Parameters.AddWithValue("first_state", kept.Select(r => WireName<SlaState>.Of(r.Evaluation!.FirstResponseState)).ToArray());
        Instants(upsert, "resolution_due", kept.Select(r => r.Evaluation!.ResolutionDueAt));
        upsert.Parameters.AddWithValue("resolution_state", kept.Select(r => WireName<SlaState>.Of(r.Evaluation!.ResolutionState)).ToArray());
        upsert.Parameters.AddWithValue("paused", kept.Select(r => (long)r.Evaluation!.Paused.TotalSeconds).ToArray());
        upsert.Parameters.AddWithValue("is_paused", kept.Select(r => r.Evaluation!.IsPaused).ToArray());
        upsert.Parameters.AddWithValue("state", kept.Select(r => WireName<SlaState>.Of(r.Evaluation!.State)).ToArray());
        Instants(upsert, "next_check", kept.Select(r => r.Evaluation!.NextChangeAt));
        upsert.Parameters.AddWithValue("computed", kept.Select(r => r.ComputedAt).ToArray());
        upsert.Parameters.AddWithValue("is_open", kept.Select(r => open.Contains(r.TicketId)).ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Instants(NpgsqlCommand command, string name, IEnumerable<DateTimeOffset?> values) =>
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = [.. values.Select(v => v?.UtcDateTime)],
        });
}
