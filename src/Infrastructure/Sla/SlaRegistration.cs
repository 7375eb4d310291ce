using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Sla;

public static class SlaRegistration
{
    public static IServiceCollection AddSlaPolicies(this IServiceCollection services)
    {
        services.AddScoped<ISlaRepository, SlaRepository>();
        services.AddScoped<ISlaRecomputeStore, SlaRecomputeStore>();
        services.AddScoped<ISlaReader, SlaReader>();
        services.AddScoped<IEscalationStore, EscalationStore>();
        services.AddScoped<EscalationJobs>();
        services.AddSingleton<SlaRecomputeWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaRecomputeWorker>());
        services.AddScoped<IBreachRiskStore, BreachRiskStore>();
        services.AddScoped<BreachRiskJobs>();
        return services;
    }
}
