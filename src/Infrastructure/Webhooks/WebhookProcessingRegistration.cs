using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Webhooks;

// In the layer's root namespace, beside AddInfrastructure, so the composition needs no extra using.
namespace Ticketing.Infrastructure;

public static class WebhookProcessingRegistration
{
    /// <summary>
    /// Registers the webhook inbox (<see cref="IWebhookInbox"/>), the signature check with its key source,
    /// and the background processor that applies accepted messages to the cache. Needs the data source,
    /// the ticket repository and the webhook secret provider (registered by <c>AddInfrastructure</c>).
    /// </summary>
    public static IServiceCollection AddWebhookProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookProcessingOptions>()
            .Bind(configuration.GetSection(WebhookProcessingOptions.Section))
            .Validate(o => o.IsValid(), $"{WebhookProcessingOptions.Section}: BatchSize must be 1–10000 and PollIntervalSeconds in (0, 3600].")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookSecretSource, CurrentWebhookSecretSource>();
        services.AddSingleton<WebhookSignatureVerifier>();
        services.AddSingleton<WebhookInboxSignal>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<IWebhookInbox>(sp => sp.GetRequiredService<WebhookInbox>());
        services.AddSingleton<WebhookBatchProcessor>();
        services.AddHostedService<WebhookProcessor>();
        return services;
    }
}
