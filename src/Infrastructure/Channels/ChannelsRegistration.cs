using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Channels;
using Ticketing.Infrastructure.Channels.Calendar;
using Ticketing.Infrastructure.Channels.Chat;
using Ticketing.Infrastructure.Channels.Email;
using Ticketing.Infrastructure.Channels.Persistence;
using Ticketing.Infrastructure.Channels.Templates;

namespace Ticketing.Infrastructure.Channels;

public static class ChannelsRegistration
{
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChannelOptions>().Bind(configuration.GetSection(ChannelOptions.Section));
        services.AddSingleton<ChannelLinks>();
        services.AddSingleton<IChannelSecretProtector, ChannelSecretProtector>();
        services.AddSingleton<IUnsubscribeTokens, UnsubscribeTokens>();
        services.AddSingleton<ITicketDisclosure, Phi.PhiTicketDisclosure>();
        services.AddSingleton<IEmailComposer, EmailComposer>();
        services.AddSingleton<IEmailSender, MailKitEmailSender>();
        services.AddSingleton<IMailboxReader, MailKitMailboxReader>();
        services.AddSingleton<ICalendarWriter, IcalCalendarWriter>();
        services.AddSingleton<IChatPoster, HttpChatPoster>();
        services.AddHttpClient(HttpChatPoster.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15));

        services.AddScoped<INotificationPreferenceStore, NotificationPreferenceStore>();
        services.AddScoped<INotifiedTicketReader, NotifiedTicketReader>();
        services.AddScoped<IMailSettingsStore, MailSettingsStore>();
        services.AddScoped<IChatChannelStore, ChatChannelStore>();
        services.AddScoped<ICalendarFeedStore, CalendarFeedStore>();
        services.AddScoped<ICalendarTicketReader, CalendarTicketReader>();
        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddScoped<IChatOutbox, ChatOutbox>();
        services.AddScoped<IDigestStore, DigestStore>();
        services.AddScoped<IInboundEmailStore, InboundEmailStore>();
        services.AddScoped<IDeliveryMonitor, DeliveryMonitor>();

        services.AddScoped<MailSettingsSeeder>();
        services.AddSingleton<ChannelWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ChannelWorker>());
        return services;
    }
}
