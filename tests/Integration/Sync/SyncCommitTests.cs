using Shouldly;
using Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// A sync run's own writes (its start, the tickets it stores, its watermark, its progress) commit without waiting for
/// the WAL flush, and the write of its outcome waits for it, flushing them all (decision 146). A row trigger
/// added by the test records the commit setting each write ran under.
/// </summary>
public sealed class SyncCommitTests
{
    private const string RecordCommitModes = """
        CREATE TABLE test_commit_modes (
            n bigserial PRIMARY KEY, relation text NOT NULL, status text, watermark_moved boolean NOT NULL, mode text NOT NULL);
        CREATE FUNCTION test_record_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO test_commit_modes (relation, status, watermark_moved, mode)
            VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> 'status',
                    TG_OP = 'UPDATE' AND (to_jsonb(NEW) -> 'sync_watermark') IS DISTINCT FROM (to_jsonb(OLD) -> 'sync_watermark'),
                    current_setting('synchronous_commit'));
            RETURN NULL;
        END $$;
        CREATE TRIGGER test_commit_mode AFTER INSERT OR UPDATE ON tickets_cache FOR EACH ROW EXECUTE FUNCTION test_record_commit_mode();
        CREATE TRIGGER test_commit_mode AFTER INSERT OR UPDATE ON ticket_sync_log FOR EACH ROW EXECUTE FUNCTION test_record_commit_mode();
        CREATE TRIGGER test_commit_mode AFTER INSERT OR UPDATE ON ticketing_system_config FOR EACH ROW EXECUTE FUNCTION test_record_commit_mode();
        """;

    private const string AgentRowVersions = "SELECT string_agg(id || ':' || xmin::text || ':' || xmax::text, ',' ORDER BY id) FROM remote_agents";

    private static readonly Dictionary<string, string?> NoComments = new() { ["Ticketing:Sync:CommentTicketsPerRun"] = "0" };

    [Fact]
    public async Task An_incremental_run_writes_its_start_tickets_watermark_and_progress_without_waiting_for_the_flush_and_its_outcome_with_it()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 30, pageSize: 10, settings: NoComments);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Inserted.ShouldBe(30);
        await sync.ExecuteAsync(RecordCommitModes);
        var store = sync.Simulator.Store;
        var snapshot = store.Snapshot();
        store.Update(snapshot[3].Id, new TicketPatch { Title = Optional<string>.Of("Scanner jams on every page") }).ShouldNotBeNull();
        store.Update(snapshot[17].Id, new TicketPatch { Title = Optional<string>.Of("VPN drops at noon") }).ShouldNotBeNull();

        (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull().Updated.ShouldBe(2);

        (await Modes("relation = 'tickets_cache'")).ShouldBe(["off", "off"]);
        var watermark = await Modes("relation = 'ticketing_system_config' AND watermark_moved");
        watermark.ShouldNotBeEmpty();
        watermark.ShouldAllBe(mode => mode == "off");
        var startAndProgress = await Modes("relation = 'ticket_sync_log' AND status = 'in_progress'");
        startAndProgress.Length.ShouldBeGreaterThan(1);
        startAndProgress.ShouldAllBe(mode => mode == "off");
        // The last write of all is the run's outcome, with an ordinary commit: it flushes every write before it.
        (await sync.ScalarAsync<string>("SELECT relation || ' ' || coalesce(status, '') || ' ' || mode FROM test_commit_modes ORDER BY n DESC LIMIT 1"))
            .ShouldBe("ticket_sync_log success on");
        await sync.AssertCacheEqualsRemoteAsync();

        async Task<string[]> Modes(string where) =>
            (await sync.ScalarAsync<string[]>($"SELECT coalesce(array_agg(mode ORDER BY n), '{{}}') FROM test_commit_modes WHERE {where}")).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_run_that_receives_an_unchanged_agent_list_leaves_the_agents_rows_as_they_were()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 10, settings: NoComments);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        (await sync.ScalarAsync<long>("SELECT count(*) FROM remote_agents WHERE active")).ShouldBeGreaterThan(0);
        var versions = await sync.ScalarAsync<string>(AgentRowVersions);

        (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        // Not even locked: ON CONFLICT locks a row it declines to update, which wrote to every agent's row on every run.
        (await sync.ScalarAsync<string>(AgentRowVersions)).ShouldBe(versions);
    }
}
