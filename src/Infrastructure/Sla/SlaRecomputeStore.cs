using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Sla;

/// <summary>
/// Claims SLA work in PostgreSQL and writes <c>ticket_sla</c> set-based (one statement per batch, arrays
/// unnested). Claims take row locks with <c>SKIP LOCKED</c>, so instances share the work without overlap;
/// changed tickets come first, then a full run under way, then tickets whose state changes with time.
/// </summary>
internal sealed partial class SlaRecomputeStore(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<SlaRecomputeStore> logger) : ISlaRecomputeStore
{
    /// <summary>
    /// Everything the evaluation needs about each claimed ticket, in one statement: the mirror row, the first public reply by
    /// an agent (agents' e-mails hashed once per statement) and the status history as arrays in order.
    /// </summary>
    private const string ReadClaimedSql =
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
        WHERE t.id = ANY(@ids)
        """;

    /// <summary>
    /// The same facts for the next tickets of a run's slice (<c>{0}</c>: the range and limit). The batch's tickets are
    /// consecutive ids, so their comments and history are one range scan of each table's ticket index, grouped and
    /// merged, instead of two index look-ups per ticket (about half the read's time at 100,000 tickets, decision 143).
    /// </summary>
    private const string ReadRangeSql =
        """
        WITH t AS MATERIALIZED (
            SELECT t.id, t.deleted_at, t.status, t.priority, t.category, t.department, t.tags, t.created_at, t.updated_at, t.resolved_at
            FROM tickets_cache t {0}),
        lo AS (SELECT id FROM t ORDER BY id LIMIT 1),
        hi AS (SELECT id FROM t ORDER BY id DESC LIMIT 1)
        SELECT t.id, t.deleted_at IS NOT NULL, t.status, t.priority, t.category, t.department, t.tags,
               t.created_at, t.updated_at, t.resolved_at, r.first_reply, h.changed_at, h.old_value, h.new_value
        FROM t
        LEFT JOIN (
            SELECT c.ticket_id, min(c.created_at) AS first_reply FROM ticket_comments c
            WHERE c.ticket_id >= (SELECT id FROM lo) AND c.ticket_id <= (SELECT id FROM hi) AND c.visibility = 'public'
              AND lower(c.author_email) IN (SELECT lower(a.email) FROM remote_agents a)
            GROUP BY c.ticket_id) r ON r.ticket_id = t.id
        LEFT JOIN (
            SELECT x.ticket_id, array_agg(x.changed_at ORDER BY x.changed_at, x.id) AS changed_at,
                   array_agg(x.old_value ORDER BY x.changed_at, x.id) AS old_value,
                   array_agg(x.new_value ORDER BY x.changed_at, x.id) AS new_value
            FROM ticket_history x
            WHERE x.ticket_id >= (SELECT id FROM lo) AND x.ticket_id <= (SELECT id FROM hi) AND x.field = 'status'
            GROUP BY x.ticket_id) h ON h.ticket_id = t.id
        ORDER BY t.id
        """;

    private static readonly string ReadOpenSliceSql =
        ReadRangeSql.Replace("{0}", "WHERE t.id > @from ORDER BY t.id LIMIT @size", StringComparison.Ordinal);

    private static readonly string ReadClosedSliceSql =
        ReadRangeSql.Replace("{0}", "WHERE t.id > @from AND t.id <= @upper ORDER BY t.id LIMIT @size", StringComparison.Ordinal);

    /// <summary>
    /// Every change of the rules queues a full run in its own transaction (<c>SlaRepository</c>), so the newest run's id
    /// is the rules' version; ids only grow.
    /// </summary>
    private const string RulesVersionSql = "SELECT coalesce(max(id), 0) FROM sla_recompute_runs";

    public async Task<long> GetRulesVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RulesVersionSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<int?> ProcessBatchAsync(
        int size, int runSize, long rulesVersion, Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate,
        CancellationToken cancellationToken)
    {
        // Two lanes (or instances) may claim one ticket by different ways (a dirty mark, a due check) and meet on its
        // row and the rollups' lock in opposite orders; PostgreSQL then rolls one batch back whole, claims included,
        // and that batch is simply done again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProcessBatchOnceAsync(size, runSize, rulesVersion, evaluate, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockAttempts)
            {
            }
        }
    }

    private const int MaxDeadlockAttempts = 3;

    private async Task<int?> ProcessBatchOnceAsync(
        int size, int runSize, long rulesVersion, Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await SliceNewRunAsync(connection, runSize, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // A batch's read is estimated far above jit_above_cost; compiling it took longer than running it (decision 097).
        // The batch's write fires the rollup triggers on up to a run's batch of rows: planned afresh (decision 108).
        await using (var noJit = new NpgsqlCommand($"SET LOCAL jit = off; {TriggerPlans.Discard}", connection, transaction))
        {
            await noJit.ExecuteNonQueryAsync(cancellationToken);
        }

        List<SlaTicketInput> tickets;
        var ids = await ClaimIdsAsync(connection, transaction,
            "DELETE FROM sla_dirty WHERE ticket_id IN (SELECT ticket_id FROM sla_dirty ORDER BY marked_at LIMIT @size FOR UPDATE SKIP LOCKED) RETURNING ticket_id",
            size, cancellationToken);
        if (ids.Count == 0)
        {
            if (await ClaimSliceAsync(connection, transaction, cancellationToken) is { } slice)
            {
                var watch = Stopwatch.StartNew();
                tickets = await ReadTicketsAsync(connection, transaction, slice.Upper is null ? ReadOpenSliceSql : ReadClosedSliceSql, command =>
                    {
                        command.Parameters.AddWithValue("from", slice.From);
                        if (slice.Upper is { } upper)
                        {
                            command.Parameters.AddWithValue("upper", upper);
                        }

                        command.Parameters.AddWithValue("size", runSize);
                    }, runSize, cancellationToken);
                var timings = new BatchTimings { ReadMilliseconds = watch.ElapsedMilliseconds };
                ids = tickets.ConvertAll(t => t.TicketId);
                await EvaluateAndWriteAsync(connection, transaction, ids, tickets, evaluate, timings, cancellationToken);
                var sliceDone = ids.Count < runSize || (slice.Upper is { } last && ids[^1] == last);
                await AdvanceRunAsync(connection, transaction, slice, ids, sliceDone, timings, cancellationToken);
                if (ids.Count > 0 && await RulesChangedAsync(connection, transaction, rulesVersion, cancellationToken))
                {
                    return null;
                }

                await transaction.CommitAsync(cancellationToken);
                LogRunBatch(logger, slice.RunId, slice.Slice, ids.Count, timings.ReadMilliseconds, timings.EvaluateMilliseconds, timings.WriteMilliseconds);

                // A finished slice with nothing left still counts as work done, so the caller goes on to other work.
                return ids.Count == 0 ? 1 : ids.Count;
            }

            ids = await ClaimIdsAsync(connection, transaction,
                "SELECT ticket_id FROM ticket_sla WHERE next_check_at <= now() ORDER BY next_check_at LIMIT @size FOR UPDATE SKIP LOCKED",
                size, cancellationToken);
        }

        if (ids.Count > 0)
        {
            var idArray = ids.ToArray();
            tickets = await ReadTicketsAsync(connection, transaction, ReadClaimedSql,
                command => command.Parameters.AddWithValue("ids", idArray), ids.Count, cancellationToken);
            await EvaluateAndWriteAsync(connection, transaction, ids, tickets, evaluate, new BatchTimings(), cancellationToken);
            if (await RulesChangedAsync(connection, transaction, rulesVersion, cancellationToken))
            {
                return null;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Whether the rules changed after <paramref name="rulesVersion"/>; asked after the batch's write, so the batch holds
    /// its tickets' rows: a change that commits after this statement queues a run whose write of those tickets waits
    /// for this batch and lands after it. The transaction is rolled back by its disposal (claims and rows alike).
    /// </summary>
    private static async Task<bool> RulesChangedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long rulesVersion, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RulesVersionSql, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > rulesVersion;
    }

    /// <summary>
    /// Splits a run nobody has started into slices of <paramref name="runSize"/> ticket ids (the boundaries from one
    /// scan of the primary key), so every worker can take a slice; in its own short transaction, so the slices are
    /// visible to the others at once. The run row's update decides which worker splits it.
    /// </summary>
    private async Task SliceNewRunAsync(NpgsqlConnection connection, int runSize, CancellationToken cancellationToken)
    {
        await using (var probe = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM sla_recompute_runs WHERE finished_at IS NULL AND started_at IS NULL)", connection))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long run;
        await using (var start = new NpgsqlCommand(
            """
            UPDATE sla_recompute_runs SET started_at = @now
            WHERE id = (SELECT id FROM sla_recompute_runs WHERE finished_at IS NULL AND started_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, connection, transaction))
        {
            start.Parameters.AddWithValue("now", clock.GetUtcNow());
            if (await start.ExecuteScalarAsync(cancellationToken) is not long id)
            {
                return;
            }

            run = id;
        }

        // The slices a superseded run left behind; a worker still on one of them finishes its batch first.
        await using (var stale = new NpgsqlCommand(
            "DELETE FROM sla_recompute_slices s USING sla_recompute_runs r WHERE r.id = s.run_id AND r.finished_at IS NOT NULL",
            connection, transaction))
        {
            await stale.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var slices = new NpgsqlCommand(
            """
            SET LOCAL jit = off;
            WITH bounds AS (
                SELECT id AS upper_id, row_number() OVER (ORDER BY id) AS slice
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tickets_cache) t
                WHERE n % @size = 0),
            closed AS (
                SELECT slice, lag(upper_id) OVER (ORDER BY slice) AS lower_id, upper_id FROM bounds)
            INSERT INTO sla_recompute_slices (run_id, slice, lower_id, upper_id)
            SELECT @run, slice, lower_id, upper_id FROM closed
            UNION ALL
            SELECT @run, coalesce((SELECT max(slice) FROM bounds), 0) + 1, (SELECT upper_id FROM bounds ORDER BY slice DESC LIMIT 1), NULL
            """, connection, transaction))
        {
            slices.Parameters.AddWithValue("run", run);
            slices.Parameters.AddWithValue("size", (long)runSize);
            await slices.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The first slice of an unfinished run no other worker holds; its row stays locked for the batch.</summary>
    private static async Task<RunSlice?> ClaimSliceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT s.run_id, s.slice, coalesce(s.cursor_id, s.lower_id), s.upper_id
            FROM sla_recompute_slices s JOIN sla_recompute_runs r ON r.id = s.run_id
            WHERE r.finished_at IS NULL
            ORDER BY s.run_id, s.slice LIMIT 1 FOR UPDATE OF s SKIP LOCKED
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RunSlice(reader.GetInt64(0), reader.GetInt32(1),
                reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3))
            : null;
    }

    /// <summary>Evaluates the tickets read and writes their rows; a claimed id with no mirror row any more loses its SLA row.</summary>
    private async Task EvaluateAndWriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> ids, List<SlaTicketInput> tickets,
        Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate, BatchTimings timings, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
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

        timings.EvaluateMilliseconds = watch.ElapsedMilliseconds;
        watch.Restart();
        await WriteAsync(connection, transaction, rows, open, cancellationToken);
        timings.WriteMilliseconds = watch.ElapsedMilliseconds;
    }

    /// <summary>
    /// Moves the slice's cursor (or deletes the slice after its last tickets), then adds the batch to its run: under
    /// the run row's lock, in a statement of its own, so it sees every other worker's committed slices and exactly
    /// one transaction — the one that leaves the run without slices — finishes it.
    /// </summary>
    private async Task AdvanceRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RunSlice slice, List<Guid> ids, bool sliceDone, BatchTimings timings,
        CancellationToken cancellationToken)
    {
        await using (var move = new NpgsqlCommand(
            sliceDone
                ? "DELETE FROM sla_recompute_slices WHERE run_id = @run AND slice = @slice"
                : "UPDATE sla_recompute_slices SET cursor_id = @last WHERE run_id = @run AND slice = @slice",
            connection, transaction))
        {
            move.Parameters.AddWithValue("run", slice.RunId);
            move.Parameters.AddWithValue("slice", slice.Slice);
            if (!sliceDone)
            {
                move.Parameters.AddWithValue("last", ids[^1]);
            }

            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var lockRun = new NpgsqlCommand("SELECT 1 FROM sla_recompute_runs WHERE id = @run FOR UPDATE", connection, transaction))
        {
            lockRun.Parameters.AddWithValue("run", slice.RunId);
            await lockRun.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var advance = new NpgsqlCommand(
            """
            UPDATE sla_recompute_runs
            SET processed = processed + @count, started_at = coalesce(started_at, @now),
                read_ms = read_ms + @read_ms, evaluate_ms = evaluate_ms + @evaluate_ms, write_ms = write_ms + @write_ms,
                finished_at = coalesce(finished_at, CASE WHEN NOT EXISTS (SELECT 1 FROM sla_recompute_slices WHERE run_id = @run) THEN @now END)
            WHERE id = @run
            """, connection, transaction);
        advance.Parameters.AddWithValue("count", ids.Count);
        advance.Parameters.AddWithValue("now", clock.GetUtcNow());
        advance.Parameters.AddWithValue("read_ms", timings.ReadMilliseconds);
        advance.Parameters.AddWithValue("evaluate_ms", timings.EvaluateMilliseconds);
        advance.Parameters.AddWithValue("write_ms", timings.WriteMilliseconds);
        advance.Parameters.AddWithValue("run", slice.RunId);
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
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Action<NpgsqlCommand> bind, int capacity,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
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

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "SLA run {Run} slice {Slice}: {Count} tickets, read {ReadMs} ms, evaluate {EvaluateMs} ms, write {WriteMs} ms")]
    private static partial void LogRunBatch(ILogger logger, long run, int slice, int count, long readMs, long evaluateMs, long writeMs);

    /// <summary>A claimed slice of a run: the tickets after <see cref="From"/> up to and including <see cref="Upper"/> (null: to the end).</summary>
    private sealed record RunSlice(long RunId, int Slice, Guid From, Guid? Upper);

    /// <summary>Where one batch's time went (claim and read, evaluation, write with its triggers), summed on its run row.</summary>
    private sealed class BatchTimings
    {
        public long ReadMilliseconds { get; init; }

        public long EvaluateMilliseconds { get; set; }

        public long WriteMilliseconds { get; set; }
    }
}
