using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync.Commands.StartManualSync;
using Ticketing.Domain.Sync;
using Ticketing.Web.Infrastructure;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// Syncs started by hand: "Sync now" (the request takes the sync lock and answers; the run goes on in
/// the background, through the mediator) and the operator's <c>sync</c> verb.
/// </summary>
public sealed class ManualSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sync_now_runs_in_the_background_under_the_lock_its_request_took_and_releases_it_afterwards()
    {
        // Twelve pages at 50 ms each: the run is still going when the second press arrives.
        await using var sync = await SyncSteps.StartAppAsync(tickets: 1200, pageSize: 100, latencyMs: 50);

        // Each press in a scope of its own that ends with it, as a request's does: the run outlives it.
        var first = await sync.SendAsync(new StartManualSyncCommand(Full: true));
        var second = await sync.SendAsync(new StartManualSyncCommand(Full: true));

        first.Started.ShouldBeTrue();
        second.Started.ShouldBeFalse("the first run holds the lock");
        var finished = await Eventually.WaitAsync(
            async () =>
            {
                await using var db = sync.Database.CreateDbContext();
                return await db.SyncLogs.AsNoTracking().Where(l => l.SyncType == SyncType.Manual).ToListAsync(Ct);
            },
            logs => logs.Count == 1 && logs[0].Status != SyncStatus.InProgress,
            "the manual run finished",
            TimeSpan.FromSeconds(60));
        finished[0].Status.ShouldBe(SyncStatus.Success);
        finished[0].RecordsProcessed.ShouldBe(1200);
        await sync.AssertCacheEqualsRemoteAsync();

        // The background run released the lock it was handed: the next sync could start.
        await Eventually.UntilAsync(
            () => sync.InScopeAsync(async services =>
            {
                await using var lease = await services.GetRequiredService<ISyncLock>().TryAcquireAsync(Ct);
                return lease is not null;
            }),
            "the sync lock is free once the manual run has ended");
    }

    [Fact]
    public async Task The_sync_verb_runs_a_full_sync_in_a_system_scope_and_exits_zero()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 120);

        var exitCode = await CommandLineVerbs.RunAsync("sync", ["--full"], sync.WebApp);

        exitCode.ShouldBe(0);
        await using var db = sync.Database.CreateDbContext();
        var run = await db.SyncLogs.AsNoTracking().SingleAsync(Ct);
        run.SyncType.ShouldBe(SyncType.Manual);
        run.Status.ShouldBe(SyncStatus.Success);
        run.RecordsProcessed.ShouldBe(120);
        await sync.AssertCacheEqualsRemoteAsync();
    }
}
