using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Admin.Channels.Queries.GetNotificationDefaults;

/// <summary>The notification choices every new user starts with.</summary>
public sealed record GetNotificationDefaultsQuery : IQuery<NotificationDefaultsView>, IAdminRequest;

public sealed record NotificationDefaultsView(IReadOnlyList<TypeChoiceView> Types, EmailDelivery EmailDelivery, int DigestHour, string TimeZoneId);

public sealed class GetNotificationDefaultsHandler(INotificationPreferenceStore preferences) : IQueryHandler<GetNotificationDefaultsQuery, NotificationDefaultsView>
{
    public async ValueTask<NotificationDefaultsView> Handle(GetNotificationDefaultsQuery query, CancellationToken cancellationToken)
    {
        var d = await preferences.GetDefaultsAsync(cancellationToken);
        return new NotificationDefaultsView(ChannelChoiceMapping.Rows(d), d.EmailDelivery, d.DigestHour, d.TimeZoneId);
    }
}
