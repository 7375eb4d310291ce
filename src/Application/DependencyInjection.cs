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
        // A validator compiles its rules in its constructor (a twentieth of a list page's CPU when built per request):
        // those without dependencies hold no state and are built once (decision 161); the others stay per scope.
        var assembly = typeof(DependencyInjection).Assembly;
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, found => IsSelfContained(found.ValidatorType), includeInternalTypes: true);
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Scoped, found => !IsSelfContained(found.ValidatorType), includeInternalTypes: true);
        services.AddScoped<Sync.SyncEngine>();
        services.AddScoped<Sync.CommentBackfill>();
        services.AddHybridCache();
        services.AddSingleton<CacheInvalidator>();
        services.AddSingleton<ICacheInvalidator>(sp => sp.GetRequiredService<CacheInvalidator>());
        services.AddScoped<Common.Security.SystemActor>();
        services.AddScoped<Phi.PhiGuard>();
        services.AddScoped<Tickets.Queries.GetTicketWorkspace.TicketWorkspaceReader>();
        return services;
    }

    private static bool IsSelfContained(Type validator) => validator.GetConstructors().All(c => c.GetParameters().Length == 0);
}
