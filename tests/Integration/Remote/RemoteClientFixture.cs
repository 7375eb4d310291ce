using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Simulator;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>
/// An app (composed, not served) over a database whose <c>ticketing_system_config</c> row points at a
/// simulator of 300 tickets, seeded the way the app seeds it. One per test class: simulator faults and
/// data are shared by a class's tests, which xUnit runs one after another.
/// </summary>
public sealed class RemoteClientFixture : IAsyncLifetime
{
    public const int TicketCount = 300;

    public TestApp App { get; private set; } = null!;

    public SimulatorHost Simulator => App.Simulator;

    public TestDatabase Database => App.Database;

    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartAsync(TestAppOptions.Composed(TicketCount, seed: 20261121) with { Purpose = "remote" });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>
    /// The client of a new composition over this fixture's database and simulator, with short timeouts and
    /// retry delays, so each test has its own circuit breaker and caches. <paramref name="settings"/>
    /// overrides <c>Ticketing:Remote:*</c> keys (a key without a colon is one of those).
    /// </summary>
    public async Task<RemoteConnection> ConnectAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Ticketing:Remote:AttemptTimeoutSeconds"] = "5",
            ["Ticketing:Remote:TotalTimeoutSeconds"] = "15",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key.Contains(':', StringComparison.Ordinal) ? key : "Ticketing:Remote:" + key] = value;
        }

        var app = await App.StartAnotherAsync(options => options with { RunStartupTasks = false, Settings = values, ConfigureServices = configure });
        return new RemoteConnection(app);
    }
}

/// <summary>An app composed for one test and a scope in it with the client resolved; disposes both.</summary>
public sealed class RemoteConnection(TestApp app) : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope = app.Services.CreateAsyncScope();

    public IServiceProvider Services => app.Services;

    public ITicketingApi Api => _scope.ServiceProvider.GetRequiredService<ITicketingApi>();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await app.DisposeAsync();
    }
}
