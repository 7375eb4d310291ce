using Npgsql;
using NpgsqlTypes;
using Shouldly;

namespace Ticketing.IntegrationTests.Analytics;

/// <summary>
/// The analytics rollups (analytics_day_rollups, analytics_resolution_hist, analytics_response_hist,
/// analytics_open_counts, analytics_reopen_rollups), kept by the writing transaction, always equal a
/// recomputation from the mirror, ticket_sla and ticket_history: after a randomized series of inserts,
/// late corrections (reopened, re-dated, re-assigned, re-categorised), soft deletes, revivals and purges,
/// SLA rows written, re-policied, answered, re-stated (a policy's target changed) and removed, and reopenings recorded in the history with the
/// status change (as the sync writes them), recorded late, and removed by retention, from two connections
/// at once, in several time zones (one added midway).
/// </summary>
public sealed class AnalyticsRollupTests
{
    private static readonly string[] Statuses = ["open", "in_progress", "pending", "on_hold", "resolved", "closed", "cancelled"];
    private static readonly string[] Priorities = ["low", "medium", "high", "urgent", "critical"];
    private static readonly string?[] Categories = ["Network", "Hardware", "Email", null];
    private static readonly string?[] Departments = ["Finance", "Engineering", null];
    private static readonly string?[] Assignees = ["agt_1", "agt_2", "agt_3", null];
    private static readonly string[] SlaStates = ["met", "breached", "on_track", "at_risk"];
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rollups_equal_a_recomputation_after_a_randomized_series_of_changes_from_two_writers_in_several_zones()
    {
        await using var database = await TestDatabase.CreateAsync("analytics-rollups", Ct);
        (await database.ScalarAsync<bool>("SELECT analytics_zone_add('America/New_York')")).ShouldBeTrue();
        (await database.ScalarAsync<bool>("SELECT analytics_zone_add('Asia/Kolkata')")).ShouldBeTrue();
        (await database.ScalarAsync<bool>("SELECT analytics_zone_add('Asia/Kolkata')")).ShouldBeFalse();
        await database.ExecuteAsync("""
            INSERT INTO sla_policies (name, position, is_default, priorities, first_response_minutes, resolution_minutes,
                                      business_hours, pause_while_waiting, created_at, updated_at)
            VALUES ('Rollup gold', 90, false, '{}', 30, 240, false, false, now(), now()),
                   ('Rollup silver', 91, false, '{}', 60, 480, false, false, now(), now())
            """);
        var policies = (await database.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY name) FROM sla_policies WHERE name LIKE 'Rollup %'"))!
            .Split(',').Select(Guid.Parse).ToArray();

        await Task.WhenAll(WriteRandomlyAsync(database, policies, seed: 1, rounds: 100), WriteRandomlyAsync(database, policies, seed: 2, rounds: 100));
        (await database.ScalarAsync<bool>("SELECT analytics_zone_add('Australia/Adelaide')")).ShouldBeTrue();
        await Task.WhenAll(WriteRandomlyAsync(database, policies, seed: 3, rounds: 80), WriteRandomlyAsync(database, policies, seed: 4, rounds: 80));

        var live = await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL");
        live.ShouldBeGreaterThan(0);
        (await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NOT NULL")).ShouldBeGreaterThan(0);
        (await database.ScalarAsync<long>("SELECT coalesce(sum(created), 0)::bigint FROM analytics_day_rollups WHERE zone = 'Asia/Kolkata'"))
            .ShouldBe(live);
        (await database.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM analytics_open_counts"))
            .ShouldBe(await database.ScalarAsync<long>(
                "SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL AND status IN ('open', 'in_progress', 'pending', 'on_hold')"));

        (await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id WHERE t.deleted_at IS NULL"))
            .ShouldBeGreaterThan(0);
        (await database.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM analytics_response_hist WHERE zone = 'UTC'")).ShouldBe(
            await database.ScalarAsync<long>("""
                SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id
                WHERE t.deleted_at IS NULL AND s.first_response_at IS NOT NULL
                """));
        (await database.ScalarAsync<long>("SELECT count(*) FROM analytics_sla_gone")).ShouldBe(0);

        // The reopen rollup against its definition, counted straight from the mirror and the history.
        var reopened = await database.ScalarAsync<long>("""
            SELECT count(*) FROM tickets_cache t
            WHERE t.deleted_at IS NULL AND t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL
              AND EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'status'
                          AND h.old_value IN ('resolved', 'closed') AND h.new_value IN ('open', 'in_progress', 'pending', 'on_hold'))
            """);
        reopened.ShouldBeGreaterThan(0);
        (await database.ScalarAsync<long>("SELECT coalesce(sum(reopened), 0)::bigint FROM analytics_reopen_rollups WHERE zone = 'Australia/Adelaide'"))
            .ShouldBe(reopened);

        await AssertRollupsEqualRecomputationAsync(database);
    }

    [Fact]
    public async Task A_day_boundary_follows_the_zone()
    {
        await using var database = await TestDatabase.CreateAsync("analytics-zones", Ct);
        await database.ScalarAsync<bool>("SELECT analytics_zone_add('Asia/Kolkata')");
        // 20:00 UTC on 1 Nov is 01:30 on 2 Nov in India (UTC+5:30).
        await database.ExecuteAsync("""
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, created_at, updated_at, tags, last_synced_at)
            VALUES ('ext_zone', 'N-zone', 'Zone', 'open', 'high', '2026-11-01T20:00:00Z', '2026-11-01T20:00:00Z', ARRAY[]::text[], now())
            """);

        (await database.ScalarAsync<string>("SELECT day::text FROM analytics_day_rollups WHERE zone = 'UTC' AND created = 1")).ShouldBe("2026-11-01");
        (await database.ScalarAsync<string>("SELECT day::text FROM analytics_day_rollups WHERE zone = 'Asia/Kolkata' AND created = 1")).ShouldBe("2026-11-02");
    }

    /// <summary>The rollups of the randomized series hold every kind of figure, then equal a rebuild.</summary>
    private static async Task AssertRollupsEqualRecomputationAsync(TestDatabase database)
    {
        (await database.ScalarAsync<long>("SELECT count(*) FROM analytics_dim_rollups WHERE created <> 0")).ShouldBeGreaterThan(0);
        (await database.ScalarAsync<long>("SELECT count(*) FROM analytics_dim_hist WHERE kind = 'response' AND tickets <> 0")).ShouldBeGreaterThan(0);

        (await AssertKeptEqualsRebuiltAsync(database)).ShouldContain("Australia/Adelaide");
    }

    /// <summary>
    /// The one-dimension rollups equal the fine ones summed per dimension value (zero rows are no difference); then
    /// reads the rollups, rebuilds them from the mirror and reads them again: equal row for row (the SLA recompute's
    /// tests call it too). Returns the rebuilt rollups as text.
    /// </summary>
    internal static async Task<string> AssertKeptEqualsRebuiltAsync(TestDatabase database)
    {
        (await DimensionRollupsAsync(database, "analytics_dim_rollups", "analytics_dim_hist")).ShouldBe(
            await DimensionRollupsAsync(database, DaysByDimension, HistByDimension));

        var kept = await RollupsAsync(database);
        await database.ExecuteAsync("SELECT analytics_rollups_rebuild()");
        var recomputed = await RollupsAsync(database);

        recomputed.Length.ShouldBeGreaterThan(0);
        kept.ShouldBe(recomputed);
        // The rebuild fills the one-dimension rollups itself, without their triggers (decision 156).
        (await DimensionRollupsAsync(database, "analytics_dim_rollups", "analytics_dim_hist")).ShouldBe(
            await DimensionRollupsAsync(database, DaysByDimension, HistByDimension));
        return recomputed;
    }

    private const string DaysByDimension = """
        (SELECT r.zone, r.day, d.dimension, d.key, sum(r.created) AS created, sum(r.backlog_in) AS backlog_in, sum(r.resolved) AS resolved,
                sum(r.open_created) AS open_created, sum(r.response_met) AS response_met, sum(r.response_breached) AS response_breached,
                sum(r.resolution_met) AS resolution_met, sum(r.resolution_breached) AS resolution_breached
         FROM analytics_day_rollups r
         CROSS JOIN LATERAL (VALUES ('all', NULL::text), ('category', r.category), ('department', r.department), ('priority', r.priority),
                                    ('assignee', r.assignee_id), ('policy', r.policy_id::text)) AS d(dimension, key)
         GROUP BY 1, 2, 3, 4)
        """;

    private const string HistByDimension = """
        (SELECT h.zone, h.day, h.kind, d.dimension, d.key, h.bucket, sum(h.tickets) AS tickets
         FROM (SELECT zone, day, category, department, priority, assignee_id, bucket, tickets, 'resolution' AS kind FROM analytics_resolution_hist
               UNION ALL
               SELECT zone, day, category, department, priority, assignee_id, bucket, tickets, 'response' AS kind FROM analytics_response_hist) h
         CROSS JOIN LATERAL (VALUES ('all', NULL::text), ('category', h.category), ('department', h.department), ('priority', h.priority),
                                    ('assignee', h.assignee_id)) AS d(dimension, key)
         GROUP BY 1, 2, 3, 4, 5, 6)
        """;

    internal static async Task<string> DimensionRollupsAsync(TestDatabase database, string days, string hist) =>
        await database.ScalarAsync<string>($"""
            SELECT concat_ws(E'\n',
                (SELECT string_agg(concat_ws('|', zone, day, dimension, coalesce(key, '-'), created, backlog_in, resolved, open_created,
                                             response_met, response_breached, resolution_met, resolution_breached), ';'
                                   ORDER BY zone, day, dimension, key)
                 FROM {days} x
                 WHERE created <> 0 OR backlog_in <> 0 OR resolved <> 0 OR open_created <> 0 OR response_met <> 0 OR response_breached <> 0
                    OR resolution_met <> 0 OR resolution_breached <> 0),
                (SELECT string_agg(concat_ws('|', zone, day, kind, dimension, coalesce(key, '-'), bucket, tickets), ';'
                                   ORDER BY zone, day, kind, dimension, key, bucket)
                 FROM {hist} y WHERE tickets <> 0))
            """) ?? string.Empty;

    /// <summary>Every non-zero row of the five fine rollup tables, in key order.</summary>
    internal static async Task<string> RollupsAsync(TestDatabase database) =>
        await database.ScalarAsync<string>("""
            SELECT concat_ws(E'\n',
                (SELECT string_agg(concat_ws('|', zone, day, coalesce(category, '-'), coalesce(department, '-'), priority, coalesce(assignee_id, '-'),
                                             coalesce(policy_id::text, '-'), created, backlog_in, resolved, open_created, resolved_with_due, resolved_by_due,
                                             response_met, response_breached, resolution_met, resolution_breached), ';'
                                   ORDER BY zone, day, category, department, priority, assignee_id, policy_id)
                 FROM analytics_day_rollups
                 WHERE created <> 0 OR backlog_in <> 0 OR resolved <> 0 OR open_created <> 0 OR resolved_with_due <> 0 OR resolved_by_due <> 0
                    OR response_met <> 0 OR response_breached <> 0 OR resolution_met <> 0 OR resolution_breached <> 0),
                (SELECT string_agg(concat_ws('|', zone, day, coalesce(category, '-'), coalesce(department, '-'), priority, coalesce(assignee_id, '-'),
                                             coalesce(policy_id::text, '-'), bucket, tickets), ';'
                                   ORDER BY zone, day, category, department, priority, assignee_id, policy_id, bucket)
                 FROM analytics_resolution_hist WHERE tickets <> 0),
                (SELECT string_agg(concat_ws('|', zone, day, coalesce(category, '-'), coalesce(department, '-'), priority, coalesce(assignee_id, '-'),
                                             coalesce(policy_id::text, '-'), bucket, tickets), ';'
                                   ORDER BY zone, day, category, department, priority, assignee_id, policy_id, bucket)
                 FROM analytics_response_hist WHERE tickets <> 0),
                (SELECT string_agg(concat_ws('|', coalesce(category, '-'), coalesce(department, '-'), priority, coalesce(assignee_id, '-'),
                                             coalesce(policy_id::text, '-'), tickets), ';'
                                   ORDER BY category, department, priority, assignee_id, policy_id)
                 FROM analytics_open_counts WHERE tickets <> 0),
                (SELECT string_agg(concat_ws('|', zone, day, coalesce(category, '-'), coalesce(department, '-'), priority, coalesce(assignee_id, '-'),
                                             coalesce(policy_id::text, '-'), reopened), ';'
                                   ORDER BY zone, day, category, department, priority, assignee_id, policy_id)
                 FROM analytics_reopen_rollups WHERE reopened <> 0))
            """) ?? string.Empty;

    /// <summary>
    /// Transactions of one to three statements over a shared set of 60 tickets, as the sync's upsert,
    /// late corrections, mark-deleted, revival and a purge write them; a transaction that deadlocks with
    /// the other writer is retried, as a real writer's would be.
    /// </summary>
    private static async Task WriteRandomlyAsync(TestDatabase database, Guid[] policies, int seed, int rounds)
    {
        var random = new Random(seed);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        for (var i = 0; i < rounds; i++)
        {
            var statements = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomStatement(random, policies)).ToList();
            for (var attempt = 0; ; attempt++)
            {
                await using var transaction = await connection.BeginTransactionAsync(Ct);
                try
                {
                    foreach (var statement in statements)
                    {
                        await using var command = new NpgsqlCommand(statement.Sql, connection, transaction);
                        command.Parameters.AddRange(statement.Parameters.Select(p => p.Clone()).ToArray());
                        await command.ExecuteNonQueryAsync(Ct);
                    }

                    await transaction.CommitAsync(Ct);
                    break;
                }
                // A deadlock, or a ticket the other writer purged after this statement's snapshot was taken
                // (the ticket_sla insert's foreign key then finds it gone): a real writer retries both.
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.ForeignKeyViolation && attempt < 20)
                {
                    await transaction.RollbackAsync(Ct);
                }
            }
        }
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, (object?)value ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.Text };

    private static (string Sql, NpgsqlParameter[] Parameters) RandomStatement(Random random, Guid[] policies)
    {
        var ids = Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"ext_{random.Next(60)}").Distinct().Order(StringComparer.Ordinal).ToArray();
        var idsParameter = new NpgsqlParameter("ids", ids);
        switch (random.Next(24))
        {
            case < 4:
                var status = Statuses[random.Next(Statuses.Length)];
                var created = T0.AddMinutes(random.Next(0, 60 * 24 * 20));
                DateTimeOffset? resolved = status is "resolved" or "closed" || random.Next(5) == 0 ? created.AddMinutes(random.Next(1, 60 * 24 * 40)) : null;
                DateTimeOffset? due = random.Next(3) == 0 ? null : created.AddHours(random.Next(1, 72));
                return ("""
                    INSERT INTO tickets_cache AS c (external_ticket_id, ticket_number, title, status, priority, category, department, assignee_id,
                                                    created_at, updated_at, resolved_at, due_date, tags, last_synced_at)
                    SELECT x, 'N-' || x, 'Ticket ' || x, @status, @priority, @category, @department, @assignee, @created, @created, @resolved, @due, ARRAY[]::text[], now()
                    FROM unnest(@ids) AS x
                    ON CONFLICT (external_ticket_id) DO UPDATE SET
                        status = EXCLUDED.status, priority = EXCLUDED.priority, category = EXCLUDED.category,
                        department = EXCLUDED.department, assignee_id = EXCLUDED.assignee_id, created_at = EXCLUDED.created_at,
                        resolved_at = EXCLUDED.resolved_at, due_date = EXCLUDED.due_date, deleted_at = NULL
                    """,
                    [
                        idsParameter,
                        new("status", status),
                        new("priority", Priorities[random.Next(Priorities.Length)]),
                        Text("category", Categories[random.Next(Categories.Length)]),
                        Text("department", Departments[random.Next(Departments.Length)]),
                        Text("assignee", Assignees[random.Next(Assignees.Length)]),
                        new("created", created),
                        new("resolved", (object?)resolved ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new("due", (object?)due ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    ]);
            case 4:
                return ("UPDATE tickets_cache SET status = 'open', resolved_at = NULL WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
            case 5:
                return ("""
                    UPDATE tickets_cache SET status = 'resolved', resolved_at = created_at + make_interval(mins => @minutes)
                    WHERE external_ticket_id = ANY(@ids)
                    """, [idsParameter, new("minutes", random.Next(1, 60 * 24 * 30))]);
            case 6:
                return ("UPDATE tickets_cache SET created_at = created_at - make_interval(mins => @minutes) WHERE external_ticket_id = ANY(@ids)",
                    [idsParameter, new("minutes", random.Next(1, 60 * 24 * 3))]);
            case 7:
                return ("UPDATE tickets_cache SET assignee_id = @assignee, category = @category WHERE external_ticket_id = ANY(@ids)",
                    [idsParameter, Text("assignee", Assignees[random.Next(Assignees.Length)]), Text("category", Categories[random.Next(Categories.Length)])]);
            case < 10:
                return ("UPDATE tickets_cache SET deleted_at = now() WHERE external_ticket_id = ANY(@ids) AND deleted_at IS NULL", [idsParameter]);
            case < 12:
                return ("UPDATE tickets_cache SET deleted_at = NULL WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
            case 12:
                return ("UPDATE tickets_cache SET title = title || '!', last_synced_at = now() WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
            case 13:
                return ("DELETE FROM tickets_cache WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
            case < 16:
                // The SLA recompute's write: one upsert of the tickets' SLA rows (a policy, maybe a first reply, states).
                return ("""
                    INSERT INTO ticket_sla (ticket_id, policy_id, first_response_at, first_response_state, resolution_state,
                                            paused_seconds, is_paused, state, computed_at)
                    SELECT id, @policy, CASE WHEN @answered THEN created_at + make_interval(mins => @minutes) END,
                           @response_state, @resolution_state, 0, false, @resolution_state, now()
                    FROM tickets_cache WHERE external_ticket_id = ANY(@ids)
                    ON CONFLICT (ticket_id) DO UPDATE SET
                        policy_id = EXCLUDED.policy_id, first_response_at = EXCLUDED.first_response_at,
                        first_response_state = EXCLUDED.first_response_state, resolution_state = EXCLUDED.resolution_state,
                        state = EXCLUDED.state, computed_at = EXCLUDED.computed_at
                    """,
                    [
                        idsParameter,
                        new("policy", policies[random.Next(policies.Length)]),
                        new("answered", random.Next(3) != 0),
                        new("minutes", random.Next(1, 60 * 24 * 5)),
                        new("response_state", SlaStates[random.Next(SlaStates.Length)]),
                        new("resolution_state", SlaStates[random.Next(SlaStates.Length)]),
                    ]);
            case 16:
                return ("UPDATE ticket_sla SET policy_id = @policy WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = ANY(@ids))",
                    [idsParameter, new("policy", policies[random.Next(policies.Length)])]);
            case 17:
                return ("UPDATE ticket_sla SET computed_at = now(), paused_seconds = paused_seconds + 1 WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = ANY(@ids))",
                    [idsParameter]);
            case 18:
                return ("DELETE FROM ticket_sla WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = ANY(@ids))", [idsParameter]);
            case < 21:
                // A reopening as the sync's upsert writes it: the status change and its history row in one statement.
                return ("""
                    WITH previous AS (
                        SELECT id, status FROM tickets_cache
                        WHERE external_ticket_id = ANY(@ids) AND deleted_at IS NULL AND status IN ('resolved', 'closed')
                        FOR UPDATE),
                    moved AS (
                        UPDATE tickets_cache c SET status = @status, resolved_at = NULL, category = coalesce(@category, c.category)
                        FROM previous p WHERE c.id = p.id
                        RETURNING c.id, p.status AS old_status, c.status)
                    INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
                    SELECT id, 'status', old_status, status, now(), now(), 'sync' FROM moved
                    """,
                    [idsParameter, new("status", Statuses[random.Next(4)]), Text("category", Categories[random.Next(Categories.Length)])]);
            case 21:
                // History arriving on its own: a reopening recorded late, or another field's change.
                return ("""
                    INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
                    SELECT id, @field, @old, @new, now(), now(), 'webhook' FROM tickets_cache WHERE external_ticket_id = ANY(@ids)
                    """,
                    random.Next(3) == 0
                        ? [idsParameter, new("field", "priority"), new("old", "low"), new("new", "high")]
                        : [idsParameter, new("field", "status"), new("old", Statuses[4 + random.Next(2)]), new("new", Statuses[random.Next(4)])]);
            case 22:
                // A policy's target changed: the recompute rewrites the states alone, of done and unresolved tickets alike.
                return ("""
                    UPDATE ticket_sla SET first_response_state = @response_state, resolution_state = @resolution_state, state = @resolution_state
                    WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = ANY(@ids))
                    """,
                    [
                        idsParameter,
                        new("response_state", SlaStates[random.Next(SlaStates.Length)]),
                        new("resolution_state", SlaStates[random.Next(SlaStates.Length)]),
                    ]);
            default:
                // Retention removing history.
                return ("DELETE FROM ticket_history WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = ANY(@ids))", [idsParameter]);
        }
    }
}
