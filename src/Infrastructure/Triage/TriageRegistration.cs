using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Triage;

namespace Ticketing.Infrastructure.Triage;

internal static class TriageRegistration
{
    public static void AddTriage(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TriageOptions>(configuration.GetSection(TriageOptions.Section));
        services.AddSingleton<ITriageLearner, MlNetTriageLearner>();
        services.AddSingleton<ITriagePredictor, TriagePredictor>();
        services.AddScoped<ITriageModelStore, TriageModelStore>();
        services.AddScoped<ITriageTrainingSource, TriageTrainingSource>();
        services.AddScoped<ITriageTrainingQueue, HangfireTriageTrainingQueue>();
        services.AddScoped<TriageJobs>();
        services.AddScoped<ITriageArrivals, TriageArrivals>();
        services.AddScoped<ITriageTicketTexts, TriageTicketTexts>();
        services.AddSingleton<TriageAutoApplyWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TriageAutoApplyWorker>());
        // The PHI classification registers its own check before this line runs or replaces it after.
    }
}
