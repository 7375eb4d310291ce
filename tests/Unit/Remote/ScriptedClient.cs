using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure;
using Ticketing.Infrastructure.Integration;

namespace Ticketing.UnitTests.Remote;

/// <summary>
/// The app's real remote client (registrations, authentication handler, resilience pipeline, readers)
/// with a <see cref="ScriptedRemote"/> as its network: no database is opened, the settings row comes
/// from a fake repository. Short retry delays keep fault tests fast.
/// </summary>
public sealed class ScriptedClient : IAsyncDisposable
{
    public const string ApiKey = "scripted-api-key";

    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    public ScriptedClient(ScriptedRemote remote, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            // Never opened: nothing here reaches the database.
            ["ConnectionStrings:Ticketing"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Ticketing:Remote:AttemptTimeoutSeconds"] = "5",
            ["Ticketing:Remote:TotalTimeoutSeconds"] = "10",
            ["Ticketing:Remote:RetryBaseDelaySeconds"] = "0.01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["Ticketing:Remote:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var protection = new EphemeralDataProtectionProvider();
        var config = new TicketingSystemConfig
        {
            ApiBaseUrl = ScriptedRemote.BaseUrl.ToString(),
            ApiKeyEncrypted = new IntegrationSecretProtector(protection).Protect(ApiKey),
            RequestTimeoutSeconds = 10,
        };
        var configs = Substitute.For<ISystemConfigRepository>();
        configs.GetAsync(Arg.Any<CancellationToken>()).Returns(config);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddInfrastructure(configuration);
        services.AddSingleton<IDataProtectionProvider>(protection);
        services.AddScoped(_ => configs);
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(remote.CreateHandler));
        _services = services.BuildServiceProvider();
        _scope = _services.CreateAsyncScope();
    }

    public ITicketingApi Api => _scope.ServiceProvider.GetRequiredService<ITicketingApi>();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }
}
