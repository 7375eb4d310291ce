using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Reports.Commands.SendDueReports;

namespace Ticketing.Application.Reports.Queries.GetReportSubscriptions;

/// <summary>The scheduled reports the signed-in user receives, or, for an admin, everyone's.</summary>
public sealed record GetReportSubscriptionsQuery : IQuery<IReadOnlyList<ReportSubscriptionView>>;

/// <summary>One subscription as the page lists it; <see cref="NextAt"/> is computed in the recipient's <see cref="RecipientZone"/>.</summary>
public sealed record ReportSubscriptionView(
    Guid Id,
    string UserId,
    string Recipient,
    string RecipientZone,
    string Schedule,
    int PeriodDays,
    string Filters,
    string Paper,
    DateTimeOffset NextAt,
    bool IsMine);

public sealed class GetReportSubscriptionsHandler(IReportSubscriptionStore store, INotificationPreferenceStore preferences, ICurrentUser user, TimeProvider clock)
    : IQueryHandler<GetReportSubscriptionsQuery, IReadOnlyList<ReportSubscriptionView>>
{
    public async ValueTask<IReadOnlyList<ReportSubscriptionView>> Handle(GetReportSubscriptionsQuery query, CancellationToken cancellationToken)
    {
        var me = user.UserId ?? throw new ForbiddenAccessException();
        var subscriptions = await store.ListAsync(user.IsAdmin ? null : me, cancellationToken);
        if (subscriptions.Count == 0)
        {
            return [];
        }

        var recipients = await preferences.GetRecipientsAsync([.. subscriptions.Select(s => s.UserId).Distinct(StringComparer.Ordinal)], cancellationToken);
        var now = clock.GetUtcNow();
        return
        [
            .. subscriptions.Select(s =>
            {
                recipients.TryGetValue(s.UserId, out var recipient);
                var zone = recipient?.Choices.Zone ?? TimeZoneInfo.Utc;
                var filters = SendDueReportsHandler.FilterText(s);
                return new ReportSubscriptionView(
                    s.Id,
                    s.UserId,
                    recipient is null ? "(removed user)" : recipient.DisplayName is { } n ? $"{n} <{recipient.Email}>" : recipient.Email ?? s.UserId,
                    zone.Id,
                    ReportScheduleText.Describe(s.Frequency, s.Day, s.Hour),
                    s.PeriodDays,
                    string.IsNullOrWhiteSpace(filters) ? "All tickets" : filters,
                    s.Letter ? "Letter" : "A4",
                    s.NextOccurrence(now, zone),
                    s.UserId == me);
            }),
        ];
    }
}
