using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Infrastructure.Integration;
using Ticketing.Infrastructure.Remote;

// In the layer's root namespace, beside AddInfrastructure, so the composition needs no extra using.
namespace Ticketing.Infrastructure;

public static class RemoteClientRegistration
{
    /// <summary>
    /// Registers the Championship IT client (<see cref="ITicketingApi"/>) with its resilience pipeline,
    /// the cached integration settings, the secret protection, the webhook secret provider and the
    /// start-up seeder of <c>ticketing_system_config</c>. Needs Data Protection and the DbContext
    /// (registered by <c>AddInfrastructure</c>).
    /// </summary>
    public static IServiceCollection AddRemoteClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RemoteClientOptions>()
            .Bind(configuration.GetSection(RemoteClientOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RemoteClientOptions>, RemoteClientOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RemoteSettingsProvider>();
        services.AddSingleton<IIntegrationSettingsCache>(sp => sp.GetRequiredService<RemoteSettingsProvider>());
        services.AddSingleton<IntegrationSecretProtector>();
        services.AddSingleton<IIntegrationSecretProtector>(sp => sp.GetRequiredService<IntegrationSecretProtector>());
        services.AddSingleton<IWebhookSecretProvider, WebhookSecretProvider>();
        services.AddScoped<IntegrationConfigSeeder>();
        services.AddScoped<LocalTicketStatsReader>();
        services.AddTransient<RemoteAuthenticationHandler>();
        services.AddHybridCache();

        services
            .AddHttpClient<ITicketingApi, ChampionshipItClient>((sp, client) =>
            {
                // The resilience pipeline owns the timeouts; this is only the backstop for a response
                // body that never finishes, which the pipeline does not cover. Uploads have the longer limit.
                var options = sp.GetRequiredService<IOptions<RemoteClientOptions>>().Value;
                client.Timeout = (options.UploadTimeout > options.TotalTimeout ? options.UploadTimeout : options.TotalTimeout) + TimeSpan.FromSeconds(1);
            })
            .AddHttpMessageHandler<RemoteAuthenticationHandler>()
            .AddResilienceHandler(RemoteResilience.PipelineName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<RemoteClientOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RemoteResilience).FullName!);
                RemoteResilience.Configure(pipeline, options, logger);
            });

        return services;
    }
}

internal sealed class RemoteClientOptionsValidator : IValidateOptions<RemoteClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RemoteClientOptions options) =>
        options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
