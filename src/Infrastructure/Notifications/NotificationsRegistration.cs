using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Notifications;

public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddScoped<INotificationRepository, NotificationRepository>();
        services.AddScoped<ITicketEventFeed, TicketEventFeed>();
        services.AddScoped<ITicketFollowers, TicketFollowers>();
        services.TryAddSingleton<ILiveUpdates, NoLiveUpdates>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
