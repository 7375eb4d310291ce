using System.Net;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class DeletionFeedTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 100, Seed = 8 }, Wire.Ct);
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Is_empty_after_seeding_and_is_not_mistaken_for_a_ticket_id()
    {
        var feed = await Feed();

        feed.Data.ShouldBeEmpty();
        feed.Pagination.ShouldBe(new PaginationView(1, 50, 0, 0));
    }

    [Fact]
    public async Task A_deletion_by_the_admin_api_leaves_a_tombstone_and_the_ticket_answers_404()
    {
        var id = _host.Store.Snapshot()[3].Id;
        using var admin = _host.CreateAdminClient();

        using var deleted = await admin.DeleteAsync($"_sim/tickets/{id}", Wire.Ct);
        using var gone = await _client.GetAsync($"tickets/{id}", Wire.Ct);
        var feed = await Feed();

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tombstone = feed.Data.ShouldHaveSingleItem();
        tombstone.Id.ShouldBe(id);
        tombstone.DeletedAt.UtcDateTime.ShouldBe(_host.Store.Tombstones().Single().DeletedAt);
        (await _client.GetStringAsync("tickets/deleted", Wire.Ct)).ShouldMatch(
            """^\{"data":\[\{"id":"tkt_\w{10}","deleted_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"\}\],"pagination":\{"page":1,"limit":50,"total":1,"total_pages":1\}\}$""");
    }

    [Fact]
    public async Task Pages_oldest_first_with_ties_broken_by_id_and_filters_on_deleted_since()
    {
        var snapshot = _host.Store.Snapshot();
        var first = snapshot.Take(5).Select(t => t.Id).ToList();
        var second = snapshot.Skip(5).Take(7).Select(t => t.Id).ToList();
        first.ForEach(id => _host.Store.Delete(id).ShouldBeTrue());
        await Eventually.UntilAsync(() => Timestamps.Now(TimeProvider.System) > _host.Store.Tombstones()[^1].DeletedAt, "the clock moved past the first batch");
        second.ForEach(id => _host.Store.Delete(id).ShouldBeTrue());
        var stored = _host.Store.Tombstones();
        var cut = stored.First(t => t.Id == second[0]).DeletedAt;

        var pages = new List<TombstoneView>();
        for (var page = 1; page <= 3; page++)
        {
            pages.AddRange((await Feed($"?limit=5&page={page}")).Data);
        }

        var since = await Feed("?limit=500&deleted_since=" + Uri.EscapeDataString(Timestamps.Format(cut)));

        pages.Select(t => t.Id).ShouldBe(stored.Select(t => t.Id));
        pages.Zip(pages.Skip(1)).ShouldAllBe(pair => pair.First.DeletedAt < pair.Second.DeletedAt
            || (pair.First.DeletedAt == pair.Second.DeletedAt && string.CompareOrdinal(pair.First.Id, pair.Second.Id) < 0));
        pages.Select(t => t.Id).ShouldBe(first.Concat(second), ignoreOrder: true);
        since.Data.Select(t => t.Id).ShouldBe(second, ignoreOrder: true, "deleted at or after deleted_since");
        since.Data.ShouldAllBe(t => t.DeletedAt.UtcDateTime >= cut);
        since.Pagination.Total.ShouldBe(stored.Count(t => t.DeletedAt >= cut));
        (await Feed("?limit=5&page=4")).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task Paging_is_stable_while_more_tickets_are_deleted()
    {
        var ids = _host.Store.Snapshot().Select(t => t.Id).ToList();
        ids.Take(6).ToList().ForEach(id => _host.Store.Delete(id));

        var seen = new List<string>();
        for (var page = 1; ; page++)
        {
            var feed = await Feed($"?limit=4&page={page}");
            if (feed.Data.Count == 0)
            {
                break;
            }

            seen.AddRange(feed.Data.Select(t => t.Id));
            if (page <= 2)
            {
                _host.Store.Delete(ids[5 + (page * 2) - 1]);
                _host.Store.Delete(ids[5 + (page * 2)]);
            }
        }

        seen.ShouldBe(_host.Store.Tombstones().Select(t => t.Id));
        seen.Count.ShouldBe(10);
    }

    [Fact]
    public async Task Churn_deletions_appear_in_the_feed()
    {
        // Churn deletes about one change in thirty-three, but which draws become deletions depends on
        // the clock (updated tickets reorder the store), so a fixed count of changes can hold none:
        // churn in rounds until a few deletions happened, with a bound.
        var deleted = new List<string>();
        for (var round = 0; round < 40 && deleted.Count < 3; round++)
        {
            deleted.AddRange(_host.Churn.Apply(100).Where(c => c.Kind == TicketChangeKind.Deleted).Select(c => c.Id));
        }

        var feed = await Feed("?limit=500");

        deleted.Count.ShouldBeGreaterThanOrEqualTo(3);
        feed.Data.Select(t => t.Id).ShouldBe(deleted, ignoreOrder: true);
    }

    [Theory]
    [InlineData("?deleted_since=last-week", "deleted_since")]
    [InlineData("?page=-1", "page")]
    [InlineData("?limit=x", "limit")]
    public async Task Rejects_bad_parameters_with_422(string query, string field)
    {
        using var response = await _client.GetAsync("tickets/deleted" + query, Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
    }

    [Fact]
    public async Task Reset_forgets_the_tombstones()
    {
        _host.Store.Delete(_host.Store.Snapshot()[0].Id);
        using var admin = _host.CreateAdminClient();

        using var reset = await admin.PostJsonAsync("_sim/reset", "{}");

        (await Feed()).Data.ShouldBeEmpty();
    }

    private async Task<TombstoneList> Feed(string query = "")
    {
        using var response = await _client.GetAsync("tickets/deleted" + query, Wire.Ct);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<TombstoneList>();
    }
}
