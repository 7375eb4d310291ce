using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>A sync through the pipeline, and the mirror's promise checked field by field.</summary>
internal static class SyncSteps
{
    /// <summary>
    /// The use cases (composed, not served) over a database of their own and a simulator of
    /// <paramref name="tickets"/> tickets, syncing <paramref name="pageSize"/> tickets a page.
    /// </summary>
    public static Task<TestApp> StartAppAsync(
        int tickets,
        int pageSize = 500,
        int latencyMs = 0,
        int seed = 7,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var options = TestAppOptions.Composed(tickets, seed);
        return TestApp.StartAsync(options with
        {
            Purpose = "sync",
            Simulator = options.Simulator! with { LatencyMs = latencyMs },
            ConfigureServices = configureServices,
            Settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Ticketing:Sync:PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            },
        });
    }

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
