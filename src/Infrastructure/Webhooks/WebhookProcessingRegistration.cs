using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Infrastructure.Remote;
using Ticketing.Infrastructure.Webhooks;

// In the layer's root namespace, beside AddInfrastructure, so the composition needs no extra using.
namespace Ticketing.Infrastructure;

public static class WebhookProcessingRegistration
{
    /// <summary>
    /// Registers the webhook inbox (<see cref="IWebhookInbox"/>), the signature check with its key source
    /// (<see cref="IWebhookSignatureVerifier"/>), the endpoint's metrics, the ticket reader the webhook
    /// use case reads bodies with, and the background loop that has accepted messages applied. Needs the
    /// data source, the ticket repository and the webhook secret provider (registered by <c>AddInfrastructure</c>).
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
        services.AddSingleton<IWebhookSignatureVerifier, WebhookSignatureCheck>();
        services.AddSingleton<IWebhookMetrics, WebhookMetrics>();
        services.AddSingleton<IRemoteTicketReader, RemoteTicketReader>();
        services.AddSingleton<WebhookInboxSignal>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<IWebhookInbox>(sp => sp.GetRequiredService<WebhookInbox>());
        services.AddSingleton<WebhookBatchProcessor>();
        services.AddHostedService<WebhookProcessor>();
        return services;
    }
}
