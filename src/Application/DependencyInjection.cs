using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Ticketing.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the Application layer's validators. The mediator itself is registered by the
    /// composition root, where its source generator runs.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<Sync.SyncEngine>();
        services.AddScoped<Common.Security.SystemActor>();
        return services;
    }
}
