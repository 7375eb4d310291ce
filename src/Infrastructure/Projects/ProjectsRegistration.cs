using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Projects;
using Ticketing.Infrastructure.Views;

// In the layer's root namespace, beside AddInfrastructure, so the composition needs no extra using.
namespace Ticketing.Infrastructure;

public static class ProjectsRegistration
{
    /// <summary>The repositories of projects, assignments, ticket links and saved views. Needs the DbContext.</summary>
    public static IServiceCollection AddProjectsAndSavedViews(this IServiceCollection services)
    {
        services.AddScoped<IProjectRepository, ProjectRepository>();
        services.AddScoped<ISavedViewRepository, SavedViewRepository>();
        return services;
    }
}
