using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Integration;
using Ticketing.Simulator;
using Ticketing.Web;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// The app's real composition (not started: no web server, no job server) over a database of its
/// own, pointed at an in-process simulator. One per test: each starts from a known remote.
/// </summary>
public sealed class SyncFixture : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string>? _settings;

    private SyncFixture(SimulatorHost simulator, TestDatabase database, WebApplication app, IReadOnlyDictionary<string, string>? settings)
    {
        _settings = settings;
        Simulator = simulator;
        Database = database;
        App = app;
    }

    public SimulatorHost Simulator { get; }

    public TestDatabase Database { get; }

    public WebApplication App { get; }

    public static async Task<SyncFixture> StartAsync(
        int tickets,
        int pageSize = 500,
        int latencyMs = 0,
        int seed = 7,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var simulator = await SimulatorHost.StartAsync(new SimulatorSettings
        {
            TicketCount = tickets,
            Seed = seed,
            ApiKey = "sim-sync-" + Guid.NewGuid().ToString("N"),
            LatencyMs = latencyMs,
        });
        var database = await TestDatabase.CreateAsync("sync");
        var app = BuildApp(simulator, database, pageSize, configureServices, settings);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IntegrationConfigSeeder>().SeedAsync(CancellationToken.None);
        }

        return new SyncFixture(simulator, database, app, settings);
    }

    /// <summary>
    /// Another app over the same database and remote, as after a restart (or a second instance):
    /// it knows only what the database holds. The caller disposes it.
    /// </summary>
    public WebApplication StartAnotherApp(Action<IServiceCollection>? configureServices = null) =>
        BuildApp(Simulator, Database, 500, configureServices, _settings);

    private static WebApplication BuildApp(
        SimulatorHost simulator,
        TestDatabase database,
        int pageSize,
        Action<IServiceCollection>? configureServices,
        IReadOnlyDictionary<string, string>? settings) =>
        TicketingWebApp.Build(
        [
            "--environment=Testing",
            $"--ConnectionStrings:Ticketing={database.ConnectionString}",
            $"--Ticketing:Remote:BaseUrl={simulator.BaseUrl}",
            $"--Ticketing:Remote:ApiKey={simulator.ApiKey}",
            "--Ticketing:Remote:AttemptTimeoutSeconds=10",
            "--Ticketing:Remote:RetryBaseDelaySeconds=0.05",
            $"--Ticketing:Sync:PageSize={pageSize}",
            "--Ticketing:Jobs:RunServer=false",
            .. (settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"),
        ], runStartupTasks: false, configureServices);

    public async Task<RunSyncOutcome> SyncAsync(bool full, SyncType type = SyncType.Manual)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RunSyncCommand(type, full), TestContext.Current.CancellationToken);
    }

    /// <summary>Asserts that the live cache holds exactly the remote's tickets, field by field.</summary>
    public async Task AssertCacheEqualsRemoteAsync()
    {
        await using var db = Database.CreateDbContext();
        var cached = await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null).ToDictionaryAsync(t => t.ExternalTicketId, TestContext.Current.CancellationToken);
        MirrorAssert.Equal(Simulator.Store.Snapshot(), cached);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
        await Database.DisposeAsync();
    }
}
