using Npgsql;
using Shouldly;

namespace Ticketing.IntegrationTests.Analytics;

/// <summary>
/// Two writers of one ticket's analytics inputs, interleaved on purpose: the first writes and keeps its
/// transaction open (its rollup triggers have run, the rollup lock is held); the second writes while the
/// first is still open, and the first commits only once the second's statement has finished or waits for
/// it. Then the rollups must equal a recomputation, and the reopen rollup must hold what its definition
/// counts. The randomized series of <see cref="AnalyticsRollupTests"/> hits these interleavings only now
/// and then; here each one happens every time.
/// </summary>
public sealed class AnalyticsRollupRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A reopening arriving on its own (a late history row), as the sync's webhook path writes it.
    private const string LateReopening = """
        INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
        SELECT id, 'status', 'resolved', 'open', now(), now(), 'webhook' FROM tickets_cache WHERE external_ticket_id = 'ext_race'
        """;

    // A reopening as the sync's upsert writes it: the status change and its history row in one statement.
    private const string SyncReopening = """
        WITH moved AS (
            UPDATE tickets_cache SET status = 'open', resolved_at = NULL
            WHERE external_ticket_id = 'ext_race' AND status IN ('resolved', 'closed')
            RETURNING id)
        INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
        SELECT id, 'status', 'resolved', 'open', now(), now(), 'sync' FROM moved
        """;

    private const string Reopen = "UPDATE tickets_cache SET status = 'open', resolved_at = NULL WHERE external_ticket_id = 'ext_race'";

    private const string Resolve = """
        UPDATE tickets_cache SET status = 'resolved', resolved_at = created_at + interval '5 hours' WHERE external_ticket_id = 'ext_race'
        """;

    private const string Recategorise = "UPDATE tickets_cache SET category = 'Hardware', assignee_id = 'agt_2' WHERE external_ticket_id = 'ext_race'";

    private const string SoftDelete = "UPDATE tickets_cache SET deleted_at = now() WHERE external_ticket_id = 'ext_race'";

    private const string SlaWritten = """
        INSERT INTO ticket_sla (ticket_id, policy_id, first_response_at, first_response_state, resolution_state, paused_seconds, is_paused, state, computed_at)
        SELECT id, (SELECT id FROM sla_policies WHERE name = 'Race gold'), created_at + interval '1 hour', 'met', 'breached', 0, false, 'breached', now()
        FROM tickets_cache WHERE external_ticket_id = 'ext_race'
        ON CONFLICT (ticket_id) DO UPDATE SET policy_id = EXCLUDED.policy_id, first_response_at = EXCLUDED.first_response_at,
            first_response_state = EXCLUDED.first_response_state, resolution_state = EXCLUDED.resolution_state
        """;

    private const string SlaRepolicied = """
        UPDATE ticket_sla SET policy_id = (SELECT id FROM sla_policies WHERE name = 'Race silver'), resolution_state = 'met'
        WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = 'ext_race')
        """;

    private const string SlaRemoved = "DELETE FROM ticket_sla WHERE ticket_id IN (SELECT id FROM tickets_cache WHERE external_ticket_id = 'ext_race')";

    private const string ZoneAdded = "SELECT analytics_zone_add('Australia/Adelaide')";

    /// <summary>
    /// <paramref name="resolved"/>: the ticket starts resolved (else open); <paramref name="withSla"/>: it starts with
    /// an SLA row; <paramref name="reopenedBefore"/>: its history holds a reopening already.
    /// </summary>
    [Theory]
    // The reopen rollup's mirror trigger decided from its own snapshot, before the lock, that the ticket had no
    // reopening: the first writer's history row was not committed yet, so the second writer's change was never moved.
    [InlineData(true, false, false, LateReopening, Reopen)]
    [InlineData(false, false, false, LateReopening, Resolve)]
    [InlineData(true, false, false, LateReopening, Recategorise)]
    [InlineData(true, false, false, LateReopening, SoftDelete)]
    [InlineData(true, true, false, LateReopening, Recategorise)]
    // The same with the history row first in the other order, and on the SLA side.
    [InlineData(false, false, false, Resolve, LateReopening)]
    [InlineData(true, false, false, Recategorise, LateReopening)]
    [InlineData(true, false, false, LateReopening, SlaWritten)]
    [InlineData(true, true, false, LateReopening, SlaRepolicied)]
    [InlineData(true, true, false, LateReopening, SlaRemoved)]
    [InlineData(true, false, true, SlaWritten, Recategorise)]
    // The other rollups: each side of a ticket (mirror row, SLA row) written by another transaction.
    [InlineData(true, true, false, Recategorise, SlaRepolicied)]
    [InlineData(true, true, false, SlaRepolicied, Recategorise)]
    [InlineData(false, true, false, SlaRepolicied, Resolve)]
    [InlineData(false, true, false, Resolve, SlaRepolicied)]
    [InlineData(true, true, true, SoftDelete, SlaRemoved)]
    // A zone added while a writer is open, before or after the writer's triggers ran.
    [InlineData(true, true, false, ZoneAdded, SyncReopening)]
    [InlineData(true, true, true, SyncReopening, ZoneAdded)]
    [InlineData(false, true, true, Resolve, ZoneAdded)]
    [InlineData(true, true, false, LateReopening, ZoneAdded)]
    public async Task Two_writers_of_one_ticket_leave_the_rollups_equal_to_a_recomputation(
        bool resolved, bool withSla, bool reopenedBefore, string first, string second)
    {
        await using var database = await TestDatabase.CreateAsync("analytics-race", Ct);
        (await database.ScalarAsync<bool>("SELECT analytics_zone_add('Asia/Kolkata')")).ShouldBeTrue();
        await database.ExecuteAsync("""
            INSERT INTO sla_policies (name, position, is_default, priorities, first_response_minutes, resolution_minutes,
                                      business_hours, pause_while_waiting, created_at, updated_at)
            VALUES ('Race gold', 90, false, '{}', 30, 240, false, false, now(), now()),
                   ('Race silver', 91, false, '{}', 60, 480, false, false, now(), now())
            """);
        await database.ExecuteAsync($"""
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, category, assignee_id,
                                       created_at, updated_at, resolved_at, due_date, tags, last_synced_at)
            VALUES ('ext_race', 'N-race', 'Race', {(resolved ? "'resolved'" : "'open'")}, 'high', 'Network', 'agt_1',
                    '2026-11-03T20:00:00Z', '2026-11-03T20:00:00Z', {(resolved ? "'2026-11-04T02:00:00Z'" : "NULL")},
                    '2026-11-04T08:00:00Z', ARRAY[]::text[], now()),
                   -- A bystander, so no rollup is ever empty: a ticket that stays resolved and reopened.
                   ('ext_witness', 'N-witness', 'Witness', 'resolved', 'low', 'Email', NULL,
                    '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-02T12:00:00Z', NULL, ARRAY[]::text[], now())
            """);
        await database.ExecuteAsync(LateReopening.Replace("ext_race", "ext_witness", StringComparison.Ordinal));
        if (withSla)
        {
            await database.ExecuteAsync(SlaWritten);
        }

        if (reopenedBefore)
        {
            await database.ExecuteAsync(LateReopening);
        }

        await using var firstConnection = await OpenAsync(database);
        await using var secondConnection = await OpenAsync(database);
        await using var firstTransaction = await firstConnection.BeginTransactionAsync(Ct);
        await ExecuteAsync(firstConnection, firstTransaction, first);

        await using var secondTransaction = await secondConnection.BeginTransactionAsync(Ct);
        var secondStatement = ExecuteAsync(secondConnection, secondTransaction, second);
        var secondPid = secondConnection.ProcessID;
        // The interleaving under test: the first writer commits only after the second one's statement has run
        // its triggers or waits for a lock the first holds.
        await Eventually.UntilAsync(
            async () => secondStatement.IsCompleted
                        || await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted)", secondPid),
            "the second writer's statement has finished or waits for the first writer");
        await firstTransaction.CommitAsync(Ct);
        await secondStatement;
        await secondTransaction.CommitAsync(Ct);

        (await database.ScalarAsync<long>("SELECT coalesce(sum(reopened), 0)::bigint FROM analytics_reopen_rollups WHERE zone = 'Asia/Kolkata'"))
            .ShouldBe(await database.ScalarAsync<long>("SELECT count(*) FROM analytics_reopened_now"));
        (await database.ScalarAsync<long>("SELECT count(*) FROM analytics_reopened_tickets"))
            .ShouldBe(await database.ScalarAsync<long>("SELECT count(*) FROM analytics_reopened_now"));
        var rebuilt = await AnalyticsRollupTests.AssertKeptEqualsRebuiltAsync(database);
        rebuilt.ShouldContain("Asia/Kolkata");
    }

    private static async Task<NpgsqlConnection> OpenAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
