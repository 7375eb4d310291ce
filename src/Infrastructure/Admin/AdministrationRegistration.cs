using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Admin;
using Ticketing.Infrastructure.Observability;
using Ticketing.Infrastructure.Webhooks;

// In the layer's root namespace, beside AddInfrastructure, so the composition needs no extra using.
namespace Ticketing.Infrastructure;

public static class AdministrationRegistration
{
    /// <summary>The name IHttpClientFactory gives the typed <see cref="ITicketingApi"/> client.</summary>
    private const string RemoteClientName = nameof(ITicketingApi);

    /// <summary>
    /// Registers what the admin pages read and write (settings, users, sync and audit logs, monitoring),
    /// the webhook key source that honours a rotation's grace period, and the app's meters. Call after
    /// the remote client, the sync and the webhook processing are registered: it wraps or replaces some
    /// of their registrations.
    /// </summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddScoped<IAdminIntegrationStore, AdminIntegrationStore>();
        services.AddScoped<IAdminUserDirectory, AdminUserDirectory>();
        services.AddScoped<IAdminSyncLogReader, AdminSyncLogReader>();
        services.AddScoped<IAdminAuditReader, AdminAuditReader>();
        services.AddScoped<IAdminMonitoringReader, AdminMonitoringReader>();

        // The previous webhook secret stays valid for its grace period after a rotation.
        services.Replace(ServiceDescriptor.Singleton<IWebhookSecretSource, RotatingWebhookSecretSource>());

        services.AddMetrics();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<TicketStatusGauge>();
        services.AddTransient<RemoteApiMetricsHandler>();
        // Added after the resilience handler, so it sits inside it and times every attempt.
        services.AddHttpClient(RemoteClientName).AddHttpMessageHandler<RemoteApiMetricsHandler>();
        DecorateSyncLog(services);
        return services;
    }

    private static void DecorateSyncLog(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ISyncLogRepository) && d.ImplementationType is not null)
            ?? throw new InvalidOperationException("AddAdministration needs the sync log repository registered first (AddSyncAndJobs).");
        var implementation = registered.ImplementationType!;
        services.Replace(ServiceDescriptor.Describe(
            typeof(ISyncLogRepository),
            sp => new MeteredSyncLogRepository((ISyncLogRepository)ActivatorUtilities.CreateInstance(sp, implementation)),
            registered.Lifetime));
    }
}
