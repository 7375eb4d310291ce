using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// A full sync over a mirror that did not change writes no ticket row: the row versions (<c>xmin</c>)
/// and the table's size stay as they were, and what the pass saw is still known (for the deletion
/// candidates and the daily refresh of tickets nobody saw).
/// </summary>
public sealed class ReconciliationTests
{
    private const string RowVersions = "SELECT string_agg(external_ticket_id || ':' || xmin::text, ',' ORDER BY external_ticket_id) FROM tickets_cache";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_sync_rewrites_only_the_tickets_whose_content_changed()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 60, pageSize: 25);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Inserted.ShouldBe(60);
        var versions = await sync.ScalarAsync<string>(RowVersions);
        var size = await sync.ScalarAsync<long>("SELECT pg_relation_size('tickets_cache')");
        var betweenPasses = DateTimeOffset.UtcNow;

        var unchanged = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        unchanged.Inserted.ShouldBe(0);
        unchanged.Updated.ShouldBe(0);
        unchanged.Deleted.ShouldBe(0);
        (await sync.ScalarAsync<string>(RowVersions)).ShouldBe(versions);
        (await sync.ScalarAsync<long>("SELECT pg_relation_size('tickets_cache')")).ShouldBe(size);
        // Every ticket was sighted by the second pass, so none waits for the daily refresh.
        var stale = await sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>().GetStaleExternalIdsAsync(betweenPasses, 100, Ct));
        stale.ShouldBeEmpty();

        var store = sync.Simulator.Store;
        var tickets = store.Snapshot();
        var changed = tickets[5].Id;
        var gone = tickets[9].Id;
        store.Update(changed, new TicketPatch { Title = Optional<string>.Of("Printer on fire, again") }).ShouldNotBeNull();
        store.Delete(gone).ShouldBeTrue();

        var third = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        third.Updated.ShouldBe(1);
        third.Deleted.ShouldBe(1);
        var before = Parse(versions.ShouldNotBeNull());
        var after = Parse((await sync.ScalarAsync<string>(RowVersions))!);
        after.Where(a => before[a.Key] != a.Value).Select(a => a.Key).ShouldBe([changed, gone], ignoreOrder: true);
        await using var db = sync.Database.CreateDbContext();
        (await db.Tickets.SingleAsync(t => t.ExternalTicketId == gone, Ct)).DeletedAt.ShouldNotBeNull();
        (await db.Tickets.SingleAsync(t => t.ExternalTicketId == changed, Ct)).Title.ShouldBe("Printer on fire, again");
        await sync.AssertCacheEqualsRemoteAsync();
    }

    [Fact]
    public async Task A_ticket_nobody_saw_since_a_time_is_stale_and_a_sighting_by_id_makes_it_fresh()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 10);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var later = DateTimeOffset.UtcNow.AddMinutes(1);
        var repository = (IServiceProvider services) => services.GetRequiredService<ITicketRepository>();

        var stale = await sync.InScopeAsync(services => repository(services).GetStaleExternalIdsAsync(later, 100, Ct));
        stale.Count.ShouldBe(10);

        await using (var db = sync.Database.CreateDbContext())
        {
            var one = await db.Tickets.AsNoTracking().SingleAsync(t => t.ExternalTicketId == stale[0], Ct);
            await sync.InScopeAsync(services => repository(services).UpsertManyAsync([one], Domain.Tickets.ChangeSource.Sync, later.AddSeconds(1), touchUnchanged: true, Ct));
        }

        var after = await sync.InScopeAsync(services => repository(services).GetStaleExternalIdsAsync(later, 100, Ct));
        after.Count.ShouldBe(9);
        after.ShouldNotContain(stale[0]);
    }

    private static Dictionary<string, string> Parse(string versions) =>
        versions.Split(',').Select(v => v.Split(':')).ToDictionary(v => v[0], v => v[1]);
}
