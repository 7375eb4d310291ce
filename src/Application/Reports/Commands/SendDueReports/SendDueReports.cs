using System.Globalization;
using System.Net;
using Mediator;
using Ticketing.Application.Analytics;
using Ticketing.Application.Analytics.Queries.GetAnalytics;
using Ticketing.Application.Analytics.Queries.GetAnalyticsPdf;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Email;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Common;
using Ticketing.Domain.Reports;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Reports.Commands.SendDueReports;

/// <summary>
/// Queues every scheduled report whose time has come in its recipient's zone (the <c>report-schedules</c>
/// job, every minute): one e-mail per subscription, scheduled time and recipient, with the PDF attached,
/// through the e-mail queue (durable, retried). Running it twice, or on two instances at once, queues
/// nothing twice: the e-mail's dedupe key is that triple.
/// </summary>
public sealed record SendDueReportsCommand : ICommand<int>, ISystemRequest;

public sealed class SendDueReportsHandler(
    IReportSubscriptionStore store,
    INotificationPreferenceStore preferences,
    IMailSettingsStore mailSettings,
    IEmailOutbox outbox,
    IReportUnsubscribeTokens tokens,
    ChannelLinks links,
    ISender sender,
    TimeProvider clock) : ICommandHandler<SendDueReportsCommand, int>
{
    public async ValueTask<int> Handle(SendDueReportsCommand command, CancellationToken cancellationToken)
    {
        var settings = await mailSettings.GetAsync(cancellationToken);
        if (settings is not { SmtpEnabled: true } || string.IsNullOrWhiteSpace(settings.FromAddress))
        {
            // Without outgoing mail the schedules wait; they are sent when mail is switched on (the latest time only).
            return 0;
        }

        var now = clock.GetUtcNow();
        var subscriptions = await store.ListAsync(null, cancellationToken);
        if (subscriptions.Count == 0)
        {
            return 0;
        }

        var recipients = await preferences.GetRecipientsAsync([.. subscriptions.Select(s => s.UserId).Distinct(StringComparer.Ordinal)], cancellationToken);
        var queued = 0;
        foreach (var subscription in subscriptions)
        {
            if (!recipients.TryGetValue(subscription.UserId, out var recipient) || !recipient.IsActive || string.IsNullOrWhiteSpace(recipient.Email))
            {
                continue;
            }

            var zone = recipient.Choices.Zone;
            if (subscription.DueOccurrence(now, zone) is not { } occurrence)
            {
                continue;
            }

            var email = await ComposeAsync(subscription, recipient, zone, occurrence, settings, now, cancellationToken);
            if (await outbox.EnqueueAsync(email, cancellationToken))
            {
                queued++;
            }

            await store.MarkQueuedAsync(subscription.Id, occurrence, cancellationToken);
        }

        return queued;
    }

    /// <summary>The dedupe key: one e-mail per subscription, scheduled time and recipient, however often this runs.</summary>
    public static string DedupeKey(Guid subscriptionId, DateTimeOffset occurrence, string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"report:{subscriptionId:N}:{occurrence.UtcDateTime:yyyyMMddTHHmm}:{userId}");

    private async Task<OutboundEmail> ComposeAsync(
        ReportSubscription subscription, ChannelRecipient recipient, TimeZoneInfo zone, DateTimeOffset occurrence, MailSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The whole days before the send day, in the recipient's zone.
        var sendDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurrence, zone).DateTime);
        var period = AnalyticsPeriod.Last(subscription.PeriodDays, sendDay.AddDays(-1));
        var filter = new AnalyticsFilter(
            subscription.Categories,
            subscription.Departments,
            [.. subscription.Priorities.Select(p => WireName<TicketPriority>.TryParse(p, out var priority) ? (TicketPriority?)priority : null).OfType<TicketPriority>()],
            []);
        var filterText = FilterText(subscription);
        var pdf = await sender.Send(
            new GetAnalyticsPdfQuery(new GetAnalyticsQuery(period.From, period.To, zone.Id, filter), filterText, subscription.Letter ? PaperSize.Letter : PaperSize.A4),
            cancellationToken);

        var from = period.From.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var to = period.To.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var kind = ReportScheduleText.Frequency(subscription.Frequency);
        var unsubscribeUrl = links.ReportUnsubscribe(tokens.Create(subscription.Id, subscription.UserId));
        var name = recipient.DisplayName ?? recipient.Email!;
        var filters = string.IsNullOrWhiteSpace(filterText) ? "all tickets" : filterText;
        var text = $"""
            Hello {name},

            attached is your {kind.ToLowerInvariant()} IT support analytics report for {from} to {to} ({filters}; days in {zone.Id}).

            Stop this report: {unsubscribeUrl}
            """;
        Func<string?, string?> e = WebUtility.HtmlEncode;
        var html = $"""
            <p>Hello {e(name)},</p>
            <p>attached is your {e(kind.ToLowerInvariant())} IT support analytics report for <strong>{e(from)} to {e(to)}</strong> ({e(filters)}; days in {e(zone.Id)}).</p>
            <p style="font-size:small"><a href="{e(unsubscribeUrl)}">Stop this report</a></p>
            """;
        var domain = EmailAddressing.DomainOf(settings.FromAddress);
        return new OutboundEmail
        {
            DedupeKey = DedupeKey(subscription.Id, occurrence, subscription.UserId),
            Kind = EmailKind.Report,
            UserId = subscription.UserId,
            ToAddress = recipient.Email!,
            ToName = recipient.DisplayName,
            Subject = $"{kind} IT support report: {from} to {to}",
            TextBody = text,
            HtmlBody = html,
            MessageId = $"report.{subscription.Id:N}.{occurrence.UtcDateTime.ToString("yyyyMMddTHHmm", CultureInfo.InvariantCulture)}@{domain}",
            UnsubscribeUrl = unsubscribeUrl,
            AttachmentName = $"analytics-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.pdf",
            AttachmentContentType = "application/pdf",
            Attachment = pdf,
            State = DeliveryState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    /// <summary>The saved filters in words, as the analytics page names them.</summary>
    public static string FilterText(ReportSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var parts = new List<string>();
        if (subscription.Categories.Length > 0)
        {
            parts.Add("category " + string.Join(", ", subscription.Categories));
        }

        if (subscription.Departments.Length > 0)
        {
            parts.Add("department " + string.Join(", ", subscription.Departments));
        }

        if (subscription.Priorities.Length > 0)
        {
            parts.Add("priority " + string.Join(", ", subscription.Priorities.Select(p => WireName<TicketPriority>.TryParse(p, out var priority) ? priority.ToString() : p)));
        }

        return string.Join("; ", parts);
    }
}
