using System.Globalization;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class StableOrderingTests : IAsyncLifetime
{
    private const int SharedCount = 250;
    private SimulatorHost _host = null!;
    private List<string> _sharedIds = [];

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 400, Seed = 3 }, Wire.Ct);
        using var admin = _host.CreateAdminClient();
        // After every other ticket, so the shared instant is the end of the updated_at order.
        using var response = await admin.PostJsonAsync("_sim/tickets/same-updated-at", $$"""{"count":{{SharedCount}},"updated_at":"2099-01-01T00:00:00.000Z"}""");
        response.EnsureSuccessStatusCode();
        _sharedIds = (await response.ReadAsync<SharedResponse>()).Ids;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public void The_admin_endpoint_gives_the_chosen_tickets_one_updated_at()
    {
        _sharedIds.Count.ShouldBe(SharedCount);
        _host.Store.Snapshot().Count(t => t.UpdatedAt == new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ShouldBe(SharedCount);
    }

    [Fact]
    public async Task Plain_pages_return_every_ticket_exactly_once()
    {
        using var client = _host.CreateClient();
        var seen = new List<string>();

        for (var page = 1; page <= 4; page++)
        {
            seen.AddRange((await client.ListAsync($"?limit=100&page={page}")).Data.Select(t => t.Id));
        }

        seen.Count.ShouldBe(400);
        seen.Distinct().Count().ShouldBe(400);
        seen.ShouldBe(ExpectedOrder.Of(_host.Store.Snapshot(), "updated_at", descending: false));
    }

    [Fact]
    public async Task An_updated_since_cursor_with_overlap_sees_every_tied_ticket()
    {
        using var client = _host.CreateClient();
        var seen = new HashSet<string>();
        var requests = 0;
        DateTimeOffset? cursor = null;
        var page = 1;

        // The contract's client: an inclusive cursor on updated_at, de-duplication by id, and
        // page numbers while a whole page shares the cursor's instant (a tie wider than a page).
        while (true)
        {
            requests++;
            var since = cursor is { } c ? "&updated_since=" + Uri.EscapeDataString(c.ToString("O", CultureInfo.InvariantCulture)) : "";
            var list = await client.ListAsync($"?limit=100&page={page}{since}");
            seen.UnionWith(list.Data.Select(t => t.Id));
            if (list.Data.Count < 100)
            {
                break;
            }

            var last = list.Data[^1].UpdatedAt;
            if (last == cursor)
            {
                page++;
            }
            else
            {
                cursor = last;
                page = 1;
            }

            requests.ShouldBeLessThan(50, "the cursor must make progress");
        }

        seen.Count.ShouldBe(400);
        _sharedIds.ShouldBeSubsetOf(seen);
    }

    [Fact]
    public async Task Tied_tickets_come_in_id_order_on_every_request()
    {
        using var client = _host.CreateClient();
        const string query = "?updated_since=2099-01-01T00:00:00Z&limit=100&page=";

        var first = new List<string>();
        var second = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            first.AddRange((await client.ListAsync(query + page)).Data.Select(t => t.Id));
            second.AddRange((await client.ListAsync(query + page)).Data.Select(t => t.Id));
        }

        first.ShouldBe(_sharedIds.Order(StringComparer.Ordinal));
        second.ShouldBe(first);
    }

    private sealed record SharedResponse(List<string> Ids, DateTimeOffset UpdatedAt);
}
