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
    /// <summary>
    /// Everything the evaluation needs about each ticket, in one statement: the mirror row, the first public reply by an
    /// agent (agents' e-mails hashed once per statement) and the status history as arrays in order; the caller appends the filter.
    /// </summary>
    private const string ReadSql =
        """
        SELECT t.id, t.deleted_at IS NOT NULL, t.status, t.priority, t.category, t.department, t.tags,
               t.created_at, t.updated_at, t.resolved_at, r.first_reply, h.changed_at, h.old_value, h.new_value
        FROM tickets_cache t
        LEFT JOIN LATERAL (
            SELECT min(c.created_at) AS first_reply FROM ticket_comments c
            WHERE c.ticket_id = t.id AND c.visibility = 'public'
              AND lower(c.author_email) IN (SELECT lower(a.email) FROM remote_agents a)) r ON true
        LEFT JOIN LATERAL (
            SELECT array_agg(x.changed_at ORDER BY x.changed_at, x.id) AS changed_at,
                   array_agg(x.old_value ORDER BY x.changed_at, x.id) AS old_value,
                   array_agg(x.new_value ORDER BY x.changed_at, x.id) AS new_value
            FROM ticket_history x WHERE x.ticket_id = t.id AND x.field = 'status') h ON true

        """;

    public async Task<int> ProcessBatchAsync(
        int size, int runSize, Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // A batch's read is estimated far above jit_above_cost; compiling it took longer than running it (decision 097).
        await using (var noJit = new NpgsqlCommand("SET LOCAL jit = off", connection, transaction))
        {
            await noJit.ExecuteNonQueryAsync(cancellationToken);
        }

        long? runId = null;
        List<SlaTicketInput> tickets;
        var ids = await ClaimIdsAsync(connection, transaction,
            "DELETE FROM sla_dirty WHERE ticket_id IN (SELECT ticket_id FROM sla_dirty ORDER BY marked_at LIMIT @size FOR UPDATE SKIP LOCKED) RETURNING ticket_id",
            size, cancellationToken);
        if (ids.Count == 0)
        {
            (runId, var cursor) = await ClaimRunAsync(connection, transaction, cancellationToken);
            if (runId is not null)
            {
                // A run's batch is a range of ticket ids read with its facts in one statement; the run row's lock
                // keeps the range to this instance.
                tickets = await ReadTicketsAsync(connection, transaction, "WHERE t.id > @cursor ORDER BY t.id LIMIT @size",
                    command =>
                    {
                        command.Parameters.AddWithValue("cursor", cursor ?? Guid.Empty);
                        command.Parameters.AddWithValue("size", runSize);
                    }, runSize, cancellationToken);
                ids = tickets.ConvertAll(t => t.TicketId);
                await EvaluateAndWriteAsync(connection, transaction, ids, tickets, evaluate, cancellationToken);
                await AdvanceRunAsync(connection, transaction, runId.Value, ids, runSize, cancellationToken);
                await transaction.CommitAsync(cancellationToken);

                // A finished run with nothing left still counts as work done, so the caller goes on to other work.
                return ids.Count == 0 ? 1 : ids.Count;
            }

            ids = await ClaimIdsAsync(connection, transaction,
                "SELECT ticket_id FROM ticket_sla WHERE next_check_at <= now() ORDER BY next_check_at LIMIT @size FOR UPDATE SKIP LOCKED",
                size, cancellationToken);
        }

        if (ids.Count > 0)
        {
            var idArray = ids.ToArray();
            tickets = await ReadTicketsAsync(connection, transaction, "WHERE t.id = ANY(@ids)",
                command => command.Parameters.AddWithValue("ids", idArray), ids.Count, cancellationToken);
            await EvaluateAndWriteAsync(connection, transaction, ids, tickets, evaluate, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>Evaluates the tickets read and writes their rows; a claimed id with no mirror row any more loses its SLA row.</summary>
    private async Task EvaluateAndWriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> ids, List<SlaTicketInput> tickets,
        Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var rows = new List<TicketSlaRow>(ids.Count);
        rows.AddRange(evaluate(tickets));
        if (tickets.Count < ids.Count)
        {
            var found = tickets.Select(t => t.TicketId).ToHashSet();
            rows.AddRange(ids.Where(id => !found.Contains(id)).Select(id => new TicketSlaRow(id, null, null, clock.GetUtcNow())));
        }

        var open = new HashSet<Guid>(tickets.Count);
        foreach (var ticket in tickets)
        {
            if (!ticket.Deleted && ticket.Facts.Status.IsActive())
            {
                open.Add(ticket.TicketId);
            }
        }

        await WriteAsync(connection, transaction, rows, open, cancellationToken);
    }

    private async Task AdvanceRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long run, List<Guid> ids, int size, CancellationToken cancellationToken)
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
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int size, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("size", size);
        var ids = new List<Guid>(size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<List<SlaTicketInput>> ReadTicketsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string filter, Action<NpgsqlCommand> bind, int capacity,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReadSql + filter, connection, transaction);
        bind(command);
        var tickets = new List<SlaTicketInput>(capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var facts = new SlaTicketFacts(
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                WireName<TicketStatus>.Parse(reader.GetString(2)),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? [] : StatusChanges(reader.GetFieldValue<DateTime[]>(11), reader.GetFieldValue<string?[]>(12), reader.GetFieldValue<string?[]>(13)));
            tickets.Add(new SlaTicketInput(
                id,
                reader.GetBoolean(1),
                WireName<TicketPriority>.Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? [] : reader.GetFieldValue<string[]>(6),
                facts));
        }

        return tickets;
    }

    /// <summary>The status changes of one ticket, in order; a change to a status this app does not know is left out.</summary>
    private static List<StatusChange> StatusChanges(DateTime[] at, string?[] from, string?[] to)
    {
        var changes = new List<StatusChange>(at.Length);
        for (var i = 0; i < at.Length; i++)
        {
            if (!WireName<TicketStatus>.TryParse(to[i], out var status))
            {
                continue;
            }

            TicketStatus? previous = WireName<TicketStatus>.TryParse(from[i], out var f) ? f : null;
            changes.Add(new StatusChange(new DateTimeOffset(DateTime.SpecifyKind(at[i], DateTimeKind.Utc)), previous, status));
        }

        return changes;
    }

    /// <summary>
    /// Writes the batch's rows; <paramref name="open"/> are the tickets unresolved as read, kept as <c>is_open</c> so the
    /// list's "breached" and "at risk" read a partial index of open tickets only. A row whose figures did not change is
    /// not rewritten (no dead tuple, no index entries, nothing for the rollup triggers), so <c>computed_at</c> is
    /// when the figures last changed.
    /// </summary>
    private static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<TicketSlaRow> rows, HashSet<Guid> open, CancellationToken cancellationToken)
    {
        var kept = rows.Where(r => r is { PolicyId: not null, Evaluation: not null }).ToList();
        var dropped = rows.Where(r => r.PolicyId is null || r.Evaluation is null).Select(r => r.TicketId).ToArray();

        if (dropped.Length > 0)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM ticket_sla WHERE ticket_id = ANY(@ids)", connection, transaction);
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
            WHERE (ticket_sla.policy_id, ticket_sla.first_response_due_at, ticket_sla.first_response_at, ticket_sla.first_response_state,
                   ticket_sla.resolution_due_at, ticket_sla.resolution_state, ticket_sla.paused_seconds, ticket_sla.is_paused,
                   ticket_sla.state, ticket_sla.next_check_at, ticket_sla.is_open)
                  IS DISTINCT FROM
                  (EXCLUDED.policy_id, EXCLUDED.first_response_due_at, EXCLUDED.first_response_at, EXCLUDED.first_response_state,
                   EXCLUDED.resolution_due_at, EXCLUDED.resolution_state, EXCLUDED.paused_seconds, EXCLUDED.is_paused,
                   EXCLUDED.state, EXCLUDED.next_check_at, EXCLUDED.is_open)
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
