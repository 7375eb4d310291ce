using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Caching;

namespace Ticketing.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the Application layer's validators and the cache the caching behaviour serves from.
    /// The mediator itself is registered by the composition root, where its source generator runs.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<Sync.SyncEngine>();
        services.AddScoped<Sync.CommentBackfill>();
        services.AddHybridCache();
        services.AddSingleton<CacheInvalidator>();
        services.AddSingleton<ICacheInvalidator>(sp => sp.GetRequiredService<CacheInvalidator>());
        services.AddScoped<Common.Security.SystemActor>();
        services.AddScoped<Phi.PhiGuard>();
        return services;
    }
}
