using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>
/// A remote that still speaks contract 1.0 (404 on every path 1.1 added), over HTTP: the sync does not
/// fail, says what it skipped, and leaves deletions to the full sync's confirmed candidates.
/// </summary>
public sealed class Version10RemoteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_answering_404_on_the_1_1_paths_syncs_and_leaves_deletions_to_the_full_sync()
    {
        await using var proxy = await Version10Proxy.StartAsync();
        await using var app = await SyncSteps.StartAppAsync(
            tickets: 50,
            pageSize: 20,
            seed: 5,
            settings: new Dictionary<string, string?> { ["Ticketing:Remote:BaseUrl"] = proxy.Url.ToString() });
        proxy.Target = app.Simulator.BaseUrl;

        var full = (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();

        full.Run.Status.ShouldBe(SyncStatus.Success);
        full.Inserted.ShouldBe(50);
        var details = await LastDetailsAsync(app);
        details.DeletionsFeedServed.ShouldBe(false);
        details.Agents.ShouldBeNull();
        details.CommentTickets.ShouldBe(0, "comments are not asked of a 1.0 remote");
        details.Notes.ShouldContain(n => n.Contains("contract 1.0", StringComparison.Ordinal));
        proxy.Refused.ShouldBeGreaterThanOrEqualTo(2, "the deletions feed and the agents were asked for and refused");
        await SimulatorMirror.AssertTicketsEqualAsync(app.Database, app.Simulator);

        var gone = app.Simulator.Store.Snapshot()[10].Id;
        app.Simulator.Store.Delete(gone, notify: false).ShouldBeTrue();
        var incremental = (await app.SyncAsync(full: false)).Result.ShouldNotBeNull();
        incremental.Run.Status.ShouldBe(SyncStatus.Success);
        incremental.Deleted.ShouldBe(0, "without the feed, an incremental sync cannot know");

        var confirming = (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();

        confirming.Run.Status.ShouldBe(SyncStatus.Success);
        confirming.Deleted.ShouldBe(1);
        var confirmed = await LastDetailsAsync(app);
        confirmed.DeletionCandidates.ShouldBe(1);
        confirmed.CandidatesConfirmedDeleted.ShouldBe(1);
        (await SimulatorMirror.LiveTicketsMarkedDeletedAsync(app.Database, app.Simulator)).ShouldBeEmpty();
        await SimulatorMirror.AssertTicketsEqualAsync(app.Database, app.Simulator);
    }

    private static async Task<SyncDetails> LastDetailsAsync(TestApp app)
    {
        await using var db = app.Database.CreateDbContext();
        var log = await db.SyncLogs.AsNoTracking().Where(l => l.SyncType != SyncType.Webhook).OrderByDescending(l => l.StartedAt).FirstAsync(Ct);
        return SyncDetails.FromJson(log.DetailsJson).ShouldNotBeNull();
    }
}
