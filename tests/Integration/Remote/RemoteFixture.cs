using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure;
using Ticketing.Infrastructure.Integration;
using Ticketing.Simulator;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>
/// An in-process simulator and a PostgreSQL database whose <c>ticketing_system_config</c> row points
/// at it (seeded the way the app seeds it). One per test class: simulator faults and data are shared
/// by a class's tests, which xUnit runs one after another.
/// </summary>
public sealed class RemoteFixture : IAsyncLifetime
{
    public const int TicketCount = 300;
    public const string WebhookSecret = "whsec_dGVzdC13ZWJob29rLWtleS1ieXRlcy0xMjM0NTY=";

    public SimulatorHost Simulator { get; private set; } = null!;

    public TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorSettings
        {
            TicketCount = TicketCount,
            Seed = 20261121,
            ApiKey = "sim-test-" + Guid.NewGuid().ToString("N"),
        });
        Database = await TestDatabase.CreateAsync("remote");
        await using var services = CreateServices();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationConfigSeeder>().SeedAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// The app's Infrastructure registrations against this fixture's database and simulator, with
    /// short timeouts and retry delays; <paramref name="settings"/> overrides <c>Ticketing:Remote:*</c> keys.
    /// A new provider per test gives each test its own circuit breaker and caches.
    /// </summary>
    public ServiceProvider CreateServices(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null) =>
        BuildServices(Database.ConnectionString, Simulator.BaseUrl.ToString(), Simulator.ApiKey, settings, configure);

    /// <summary><see cref="CreateServices"/> with the client resolved in a scope.</summary>
    public RemoteConnection Connect(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null) =>
        new(CreateServices(settings, configure));

    public static ServiceProvider BuildServices(
        string connectionString,
        string? baseUrl,
        string? apiKey,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ticketing"] = connectionString,
            ["Ticketing:Remote:BaseUrl"] = baseUrl,
            ["Ticketing:Remote:ApiKey"] = apiKey,
            ["Ticketing:Remote:WebhookSecret"] = WebhookSecret,
            ["Ticketing:Remote:AttemptTimeoutSeconds"] = "5",
            ["Ticketing:Remote:TotalTimeoutSeconds"] = "15",
            ["Ticketing:Remote:RetryBaseDelaySeconds"] = "0.05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key.Contains(':', StringComparison.Ordinal) ? key : "Ticketing:Remote:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddInfrastructure(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
    }
}

/// <summary>A provider built for one test and a scope in it with the client resolved; disposes both.</summary>
public sealed class RemoteConnection(ServiceProvider services) : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope = services.CreateAsyncScope();

    public ServiceProvider Services { get; } = services;

    public ITicketingApi Api => _scope.ServiceProvider.GetRequiredService<ITicketingApi>();

    public IServiceProvider Scoped => _scope.ServiceProvider;

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await Services.DisposeAsync();
    }
}
