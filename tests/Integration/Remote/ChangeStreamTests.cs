using Shouldly;
using Ticketing.Application.Remote;
using Sim = Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>The sync's change stream: cursor paging by updated_at, ties, de-duplication.</summary>
public sealed class ChangeStreamTests(RemoteClientFixture fixture) : IClassFixture<RemoteClientFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_every_ticket_exactly_once_oldest_change_first()
    {
        await using var remote = await fixture.ConnectAsync();
        var expected = fixture.Simulator.Store.Snapshot().Select(t => t.Id).ToList();

        var batches = await CollectAsync(remote.Api.StreamChangedSinceAsync(null, 40, Ct));

        var ids = batches.SelectMany(b => b.Tickets).Select(t => t.ExternalTicketId).ToList();
        ids.ShouldBe(expected, ignoreOrder: true);
        ids.Distinct().Count().ShouldBe(ids.Count);
        batches.ShouldAllBe(b => b.Errors.Count == 0 && b.Tickets.Count <= 40);
        batches.ShouldAllBe(b => b.Tickets.All(t => t.LastSyncedAt == default));
        var highest = batches.Select(b => b.HighestUpdatedAt!.Value).ToList();
        highest.ShouldBe(highest.Order());
        highest[^1].UtcDateTime.ShouldBe(fixture.Simulator.Store.Snapshot()[^1].UpdatedAt);
    }

    [Fact]
    public async Task A_tie_of_250_identical_updated_at_values_yields_each_ticket_once_with_pages_of_100()
    {
        await using var remote = await fixture.ConnectAsync();
        var snapshot = fixture.Simulator.Store.Snapshot();
        var tie = snapshot[snapshot.Count / 3].UpdatedAt;
        var tied = fixture.Simulator.Store.SetSharedUpdatedAt(250, tie, new Random(7));
        var requests = fixture.Simulator.Counters.Requests;

        var batches = await CollectAsync(remote.Api.StreamChangedSinceAsync(null, 100, Ct));

        var ids = batches.SelectMany(b => b.Tickets).Select(t => t.ExternalTicketId).ToList();
        ids.Count.ShouldBe(RemoteClientFixture.TicketCount);
        ids.Distinct().Count().ShouldBe(RemoteClientFixture.TicketCount);
        ids.ShouldBe(fixture.Simulator.Store.Snapshot().Select(t => t.Id), ignoreOrder: true);
        ids.ShouldBe(ids.Union(tied), ignoreOrder: true);
        // Paging through a tie costs requests, but a bounded number of them.
        (fixture.Simulator.Counters.Requests - requests).ShouldBeLessThan(12);
    }

    [Fact]
    public async Task Streams_only_the_changes_since_the_given_time()
    {
        await using var remote = await fixture.ConnectAsync();
        var snapshot = fixture.Simulator.Store.Snapshot();
        var since = new DateTimeOffset(DateTime.SpecifyKind(snapshot[250].UpdatedAt, DateTimeKind.Utc));

        var batches = await CollectAsync(remote.Api.StreamChangedSinceAsync(since, 20, Ct));

        var tickets = batches.SelectMany(b => b.Tickets).ToList();
        tickets.Count.ShouldBe(snapshot.Count(t => t.UpdatedAt >= since.UtcDateTime));
        tickets.ShouldAllBe(t => t.UpdatedAt >= since);
    }

    [Fact]
    public async Task A_ticket_changed_while_streaming_comes_again_with_its_new_version()
    {
        await using var remote = await fixture.ConnectAsync();
        var seen = new List<string>();
        string? changed = null;

        await foreach (var batch in remote.Api.StreamChangedSinceAsync(null, 50, Ct))
        {
            seen.AddRange(batch.Tickets.Select(t => t.ExternalTicketId));
            if (changed is null)
            {
                changed = batch.Tickets[0].ExternalTicketId;
                fixture.Simulator.Store.Update(changed, new Sim.TicketPatch { Title = Sim.Optional<string>.Of("Changed mid-stream") })
                    .ShouldNotBeNull();
            }
        }

        seen.Count(id => id == changed).ShouldBe(2);
        seen.Distinct().Count().ShouldBe(RemoteClientFixture.TicketCount);
    }

    [Fact]
    public async Task An_empty_remote_yields_no_batch()
    {
        await using var remote = await fixture.ConnectAsync();
        var future = DateTimeOffset.UtcNow.AddYears(5);

        var batches = await CollectAsync(remote.Api.StreamChangedSinceAsync(future, 100, Ct));

        batches.ShouldBeEmpty();
    }

    private static async Task<List<RemoteTicketBatch>> CollectAsync(IAsyncEnumerable<RemoteTicketBatch> stream)
    {
        var batches = new List<RemoteTicketBatch>();
        await foreach (var batch in stream)
        {
            batches.Add(batch);
        }

        return batches;
    }
}
