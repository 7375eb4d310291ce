using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Queries.GetMyChannelSettings;

/// <summary>The signed-in user's notification preferences, chat webhook and calendar address.</summary>
public sealed record GetMyChannelSettingsQuery : IQuery<MyChannelSettings>;

public sealed record MyChannelSettings(
    IReadOnlyList<TypeChoiceView> Types,
    EmailDelivery EmailDelivery,
    int DigestHour,
    string TimeZoneId,
    ChatFormat ChatFormat,
    string? ChatWebhookHint,
    string? CalendarUrl,
    string? Email,
    bool MailConfigured);

public sealed class GetMyChannelSettingsHandler(
    ICurrentUser user,
    INotificationPreferenceStore preferences,
    ICalendarFeedStore calendars,
    IMailSettingsStore mailSettings,
    IChannelSecretProtector protector,
    ChannelLinks links) : IQueryHandler<GetMyChannelSettingsQuery, MyChannelSettings>
{
    public async ValueTask<MyChannelSettings> Handle(GetMyChannelSettingsQuery query, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException();
        var own = await preferences.GetAsync(userId, cancellationToken);
        ChannelChoices choices = own is null ? await preferences.GetDefaultsAsync(cancellationToken) : own;
        var recipient = (await preferences.GetRecipientsAsync([userId], cancellationToken)).GetValueOrDefault(userId);
        var token = await calendars.GetProtectedTokenAsync(userId, cancellationToken) is { } protectedToken ? protector.TryUnprotect(protectedToken) : null;
        var mail = await mailSettings.GetAsync(cancellationToken);
        return new MyChannelSettings(
            ChannelChoiceMapping.Rows(choices),
            choices.EmailDelivery,
            choices.DigestHour,
            choices.TimeZoneId,
            own?.ChatFormat ?? ChatFormat.Slack,
            own?.ChatWebhookHint,
            token is null ? null : links.Calendar(token),
            recipient?.Email,
            mail is { SmtpEnabled: true });
    }
}
