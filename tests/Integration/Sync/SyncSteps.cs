using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>A sync through the pipeline, and the mirror's promise checked field by field.</summary>
internal static class SyncSteps
{
    /// <summary>A sync of the given kind, sent as the system (as the job and the "Sync now" runner send it).</summary>
    public static Task<RunSyncOutcome> SyncAsync(this TestApp app, bool full, SyncType type = SyncType.Manual) =>
        app.SendAsync(new RunSyncCommand(type, full));

    /// <summary>Asserts that the live cache holds exactly the remote's tickets, field by field.</summary>
    public static async Task AssertCacheEqualsRemoteAsync(this TestApp app)
    {
        await using var db = app.Database.CreateDbContext();
        var cached = await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null)
            .ToDictionaryAsync(t => t.ExternalTicketId, TestContext.Current.CancellationToken);
        MirrorAssert.Equal(app.Simulator.Store.Snapshot(), cached);
    }
}
