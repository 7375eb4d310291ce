using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Preferences;
using Ticketing.Infrastructure.Tickets;

// In the layer's root namespace, beside AddInfrastructure, so the composition needs no extra using.
namespace Ticketing.Infrastructure;

public static class TicketListRegistration
{
    /// <summary>What the ticket list needs beside its reader: the presets' and views' counts and users' preferences.</summary>
    public static IServiceCollection AddTicketListSupport(this IServiceCollection services)
    {
        services.AddScoped<ITicketCountReader, TicketCountReader>();
        services.AddScoped<IUserPreferencesRepository, UserPreferencesRepository>();
        return services;
    }
}
