using System.Globalization;
using Mediator;
using Ticketing.Application.Channels.Email;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Commands.SendDigests;

/// <summary>Queues the daily digests that are due: one e-mail per user and digest time. Run by a job.</summary>
public sealed record SendDigestsCommand : ICommand<int>, ISystemRequest;

/// <summary>
/// A digest holds the notifications of one user that fell due at the same time (their digest hour, in
/// their zone), grouped by ticket, oldest first, with times in the user's zone. The e-mail's dedupe key
/// is the user and the digest time, so a digest queued before a crash is not queued twice; its items are
/// marked afterwards, and no item can join a digest once it is due (items are always due after they
/// were added).
/// </summary>
public sealed class SendDigestsHandler(
    IDigestStore digests,
    INotificationPreferenceStore preferences,
    IMailSettingsStore mailSettings,
    IEmailOutbox emails,
    IEmailComposer composer,
    ChannelLinks links,
    TimeProvider clock) : ICommandHandler<SendDigestsCommand, int>
{
    public const int BatchSize = 100;

    public async ValueTask<int> Handle(SendDigestsCommand command, CancellationToken cancellationToken)
    {
        var settings = await mailSettings.GetAsync(cancellationToken);
        if (settings is not { SmtpEnabled: true })
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var due = await digests.GetDueAsync(now, BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var recipients = await preferences.GetRecipientsAsync([.. due.Select(d => d.UserId).Distinct()], cancellationToken);
        var queued = 0;
        foreach (var digest in due)
        {
            if (recipients.TryGetValue(digest.UserId, out var recipient) && recipient.IsActive && !string.IsNullOrWhiteSpace(recipient.Email))
            {
                var email = await ComposeAsync(digest, recipient, settings, now, cancellationToken);
                if (await emails.EnqueueAsync(email, cancellationToken))
                {
                    queued++;
                }
            }

            await digests.MarkDigestedAsync([.. digest.Items.Select(i => i.Id)], now, cancellationToken);
        }

        return queued;
    }

    private async Task<OutboundEmail> ComposeAsync(DueDigest digest, ChannelRecipient recipient, MailSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = recipient.Choices.Zone;
        var zoneName = zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
        var groups = digest.Items
            .OrderBy(i => i.OccurredAt).ThenBy(i => i.Id)
            .GroupBy(i => i.TicketId)
            .Select(g => new DigestTicketGroup(
                g.First().TicketNumber ?? "Not about one ticket",
                g.Key is { } ticketId ? links.Ticket(ticketId) : null,
                [.. g.Select(i => new DigestLine(
                    TimeZoneInfo.ConvertTime(i.OccurredAt, zone).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture),
                    NotificationTypeText.Name(i.NotificationType),
                    i.Title,
                    i.Message))]))
            .ToList();
        var day = TimeZoneInfo.ConvertTime(digest.DueAt, zone).ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        var rendered = await composer.DigestAsync(
            new DigestEmailModel(recipient.DisplayName ?? recipient.Email!, $"{day} ({zoneName})", digest.Items.Count, groups, links.Preferences(), links.Inbox()),
            cancellationToken);
        var domain = EmailAddressing.DomainOf(settings.FromAddress);
        return new OutboundEmail
        {
            DedupeKey = $"digest:{digest.UserId}:{digest.DueAt.UtcDateTime:yyyyMMddHHmm}",
            Kind = EmailKind.Digest,
            UserId = digest.UserId,
            ToAddress = recipient.Email!,
            ToName = recipient.DisplayName,
            Subject = rendered.Subject,
            TextBody = rendered.TextBody,
            HtmlBody = rendered.HtmlBody,
            MessageId = EmailAddressing.DigestMessageId(digest.UserId, digest.DueAt, domain),
            State = DeliveryState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }
}
