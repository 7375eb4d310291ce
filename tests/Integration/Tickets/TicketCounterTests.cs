using Npgsql;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Tickets;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The KPI counters (ticket_counts, ticket_group_counts, ticket_day_counts) kept by the writing
/// transaction always equal a recomputation from the mirror: after random writes from two
/// connections at once, and after syncs of a changing remote.
/// </summary>
public sealed class TicketCounterTests
{
    private static readonly string[] Statuses = ["open", "in_progress", "pending", "on_hold", "resolved", "closed", "cancelled"];
    private static readonly string[] Priorities = ["low", "medium", "high", "urgent", "critical"];
    private static readonly string?[] Categories = ["Network", "Hardware", "Email", null];
    private static readonly string?[] Departments = ["Finance", "Engineering", null];
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counters_equal_a_recomputation_after_random_upserts_changes_deletes_and_revivals_from_two_writers_at_once()
    {
        await using var database = await TestDatabase.CreateAsync("counters", Ct);

        await Task.WhenAll(WriteRandomlyAsync(database, seed: 1), WriteRandomlyAsync(database, seed: 2));

        var live = await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL");
        var deleted = await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NOT NULL");
        live.ShouldBeGreaterThan(0);
        deleted.ShouldBeGreaterThan(0);
        (await database.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM ticket_counts")).ShouldBe(live);
        await AssertCountersEqualRecomputationAsync(database);
    }

    [Fact]
    public async Task Counters_equal_a_recomputation_after_syncs_of_remote_changes_and_deletions()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 300, pageSize: 100, seed: 20);
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        await AssertCountersEqualRecomputationAsync(app.Database);

        var random = new Random(2026_12_06);
        var store = app.Simulator.Store;
        var statuses = Enum.GetValues<SimStatus>();
        for (var i = 0; i < 200; i++)
        {
            var live = store.Snapshot();
            var target = live[random.Next(live.Count)];
            switch (random.Next(10))
            {
                case < 2:
                    store.CreateGenerated(random);
                    break;
                case < 4:
                    store.Delete(target.Id).ShouldBeTrue();
                    break;
                default:
                    store.Update(target.Id, new TicketPatch { Status = Optional<SimStatus>.Of(statuses[random.Next(statuses.Length)]) });
                    break;
            }
        }

        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        await app.AssertCacheEqualsRemoteAsync();
        (await app.Database.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM ticket_counts"))
            .ShouldBe(store.Snapshot().Count);
        await AssertCountersEqualRecomputationAsync(app.Database);
    }

    /// <summary>
    /// Reads the counters, recomputes them from the mirror (<c>ticket_counters_rebuild</c>) and
    /// reads them again: the two must be equal, row for row (rows at zero are no difference).
    /// </summary>
    private static async Task AssertCountersEqualRecomputationAsync(TestDatabase database)
    {
        var kept = await CountersAsync(database);
        await database.ExecuteAsync("SELECT ticket_counters_rebuild()");
        var recomputed = await CountersAsync(database);

        recomputed.Length.ShouldBeGreaterThan(0);
        kept.ShouldBe(recomputed);
    }

    private static async Task<string> CountersAsync(TestDatabase database) =>
        await database.ScalarAsync<string>("""
            SELECT concat_ws(E'\n',
                (SELECT string_agg(concat_ws('|', status, priority, tickets, resolved, round(resolution_seconds, 3), resolved_with_due, resolved_by_due), ';' ORDER BY status, priority)
                 FROM ticket_counts WHERE tickets <> 0 OR resolved <> 0 OR resolution_seconds <> 0 OR resolved_with_due <> 0 OR resolved_by_due <> 0),
                (SELECT string_agg(concat_ws('|', dimension, coalesce(value, '-'), tickets), ';' ORDER BY dimension, value)
                 FROM ticket_group_counts WHERE tickets <> 0),
                (SELECT string_agg(concat_ws('|', day, status, created, resolved, due), ';' ORDER BY day, status)
                 FROM ticket_day_counts WHERE created <> 0 OR resolved <> 0 OR due <> 0))
            """) ?? string.Empty;

    /// <summary>
    /// 150 transactions of one to three statements over a shared set of 60 tickets, as the sync's
    /// upsert, mark-deleted, revival, local edits and a purge write them; a transaction that
    /// deadlocks with the other writer is retried, as a real writer's would be.
    /// </summary>
    private static async Task WriteRandomlyAsync(TestDatabase database, int seed)
    {
        var random = new Random(seed);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        for (var i = 0; i < 150; i++)
        {
            var statements = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomStatement(random)).ToList();
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
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected && attempt < 20)
                {
                    await transaction.RollbackAsync(Ct);
                }
            }
        }
    }

    private static (string Sql, NpgsqlParameter[] Parameters) RandomStatement(Random random)
    {
        var ids = Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"ext_{random.Next(60)}").Distinct().Order(StringComparer.Ordinal).ToArray();
        var idsParameter = new NpgsqlParameter("ids", ids);
        switch (random.Next(10))
        {
            case < 4:
                var status = Statuses[random.Next(Statuses.Length)];
                var created = T0.AddHours(random.Next(0, 24 * 20));
                DateTimeOffset? resolved = status is "resolved" or "closed" || random.Next(5) == 0 ? created.AddHours(random.Next(1, 100)) : null;
                DateTimeOffset? due = random.Next(3) == 0 ? null : created.AddHours(random.Next(1, 72));
                return ("""
                    INSERT INTO tickets_cache AS c (external_ticket_id, ticket_number, title, status, priority, category, department,
                                                    created_at, updated_at, resolved_at, due_date, tags, last_synced_at)
                    SELECT x, 'N-' || x, 'Ticket ' || x, @status, @priority, @category, @department, @created, @created, @resolved, @due, ARRAY[]::text[], now()
                    FROM unnest(@ids) AS x
                    ON CONFLICT (external_ticket_id) DO UPDATE SET
                        status = EXCLUDED.status, priority = EXCLUDED.priority, category = EXCLUDED.category,
                        department = EXCLUDED.department, created_at = EXCLUDED.created_at, resolved_at = EXCLUDED.resolved_at,
                        due_date = EXCLUDED.due_date, deleted_at = NULL
                    """,
                    [
                        idsParameter,
                        new("status", status),
                        new("priority", Priorities[random.Next(Priorities.Length)]),
                        new("category", (object?)Categories[random.Next(Categories.Length)] ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                        new("department", (object?)Departments[random.Next(Departments.Length)] ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                        new("created", created),
                        new("resolved", (object?)resolved ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
                        new("due", (object?)due ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
                    ]);
            case < 6:
                return ("UPDATE tickets_cache SET deleted_at = now() WHERE external_ticket_id = ANY(@ids) AND deleted_at IS NULL", [idsParameter]);
            case < 8:
                return ("UPDATE tickets_cache SET deleted_at = NULL WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
            case 8:
                return ("UPDATE tickets_cache SET title = title || '!', last_synced_at = now() WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
            default:
                return ("DELETE FROM tickets_cache WHERE external_ticket_id = ANY(@ids)", [idsParameter]);
        }
    }
}
