using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using Ticketing.Application.Channels.Chat;
using Ticketing.Application.Channels.Email;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Channels.Commands.FanOutNotifications;

/// <summary>
/// Takes notifications the rules just created and queues what each channel owes for them: an e-mail
/// now or a line in tomorrow's digest, a post to the user's own chat webhook, and one post per
/// happening to every team channel whose rule matches. Sent by the channel worker with a claimed batch.
/// </summary>
public sealed record FanOutNotificationsCommand(IReadOnlyList<NewNotification> Notifications) : ICommand<FanOutResult>, ISystemRequest;

public sealed record FanOutResult(int Emails, int DigestItems, int ChatPosts);

/// <summary>
/// Every queue entry has a unique key derived from the notification (or, for team channels, the
/// happening), so handling a batch twice after a crash queues nothing twice. The in-app channel needs
/// nothing here: the inbox hides the types a user switched off.
/// </summary>
public sealed class FanOutNotificationsHandler(
    INotificationPreferenceStore preferences,
    INotifiedTicketReader tickets,
    IChatChannelStore chatChannels,
    IMailSettingsStore mailSettings,
    IEmailOutbox emails,
    IDigestStore digests,
    IChatOutbox chat,
    IEmailComposer composer,
    IUnsubscribeTokens unsubscribe,
    ITicketDisclosure disclosure,
    ChannelLinks links,
    TimeProvider clock) : ICommandHandler<FanOutNotificationsCommand, FanOutResult>
{
    public async ValueTask<FanOutResult> Handle(FanOutNotificationsCommand command, CancellationToken cancellationToken)
    {
        var batch = command.Notifications;
        if (batch.Count == 0)
        {
            return new FanOutResult(0, 0, 0);
        }

        var now = clock.GetUtcNow();
        var recipients = await preferences.GetRecipientsAsync([.. batch.Select(n => n.UserId).Distinct()], cancellationToken);
        var ticketIds = batch.Where(n => n.TicketId is not null).Select(n => n.TicketId!.Value).Distinct().ToList();
        IReadOnlyDictionary<Guid, NotifiedTicket> ticketsById = ticketIds.Count == 0 ? new Dictionary<Guid, NotifiedTicket>() : await tickets.GetAsync(ticketIds, cancellationToken);
        var settings = await mailSettings.GetAsync(cancellationToken);
        var mailOn = settings is { SmtpEnabled: true } && !string.IsNullOrWhiteSpace(settings.FromAddress);
        int queuedEmails = 0, queuedDigest = 0, queuedPosts = 0;

        foreach (var notification in batch)
        {
            if (!recipients.TryGetValue(notification.UserId, out var recipient) || !recipient.IsActive)
            {
                continue;
            }

            var ticket = notification.TicketId is { } id && ticketsById.TryGetValue(id, out var t) ? t : null;
            var choices = recipient.Choices;
            var shown = await disclosure.DiscloseAsync(new ChannelAudience.User(recipient.UserId), ticket, notification.Title, notification.Message, cancellationToken);
            if (shown.Masked && !Phi.PhiMask.QuotesTicket(notification.Type))
            {
                shown = shown with { Message = notification.Message };
            }


            if (mailOn && !string.IsNullOrWhiteSpace(recipient.Email) && choices.Allows(notification.Type, NotificationChannel.Email))
            {
                if (choices.EmailDelivery == EmailDelivery.DailyDigest)
                {
                    await digests.AddAsync(
                        new DigestItem
                        {
                            UserId = recipient.UserId,
                            NotificationId = notification.Id,
                            TicketId = ticket?.Id,
                            TicketNumber = ticket?.TicketNumber,
                            NotificationType = notification.Type,
                            Title = shown.Title,
                            Message = shown.Message,
                            OccurredAt = notification.CreatedAt,
                            // From now, not from when it happened: a digest already due never takes late items.
                            DueAt = choices.NextDigestAt(now > notification.CreatedAt ? now : notification.CreatedAt),
                        },
                        cancellationToken);
                    queuedDigest++;
                }
                else if (await emails.EnqueueAsync(await EmailAsync(notification, recipient, ticket, shown, settings!, now, cancellationToken), cancellationToken))
                {
                    queuedEmails++;
                }
            }

            if (recipient.HasChatWebhook && choices.Allows(notification.Type, NotificationChannel.Chat))
            {
                var message = Message(ticket, shown);
                if (await chat.EnqueueAsync(Post($"n:{notification.Id:N}{notification.VersionSuffix}:chat", null, recipient.UserId, $"user:{recipient.UserId}", recipient.ChatFormat, message, now), cancellationToken))
                {
                    queuedPosts++;
                }
            }
        }

        queuedPosts += await QueueTeamPostsAsync(batch, ticketsById, now, cancellationToken);
        return new FanOutResult(queuedEmails, queuedDigest, queuedPosts);
    }

    private static bool ForTeams(NotificationType type) => Phi.PhiMask.ForTeams(type);

    private async Task<int> QueueTeamPostsAsync(IReadOnlyList<NewNotification> batch, IReadOnlyDictionary<Guid, NotifiedTicket> ticketsById, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channels = (await chatChannels.ListAsync(cancellationToken)).Where(c => c.IsEnabled).ToList();
        if (channels.Count == 0)
        {
            return 0;
        }

        var queued = 0;
        foreach (var happening in batch.Where(n => ForTeams(n.Type)).GroupBy(n => n.Happening))
        {
            var first = happening.First();
            var ticket = first.TicketId is { } id && ticketsById.TryGetValue(id, out var t) ? t : null;
            foreach (var channel in channels.Where(c => c.Routes(first.Type, ticket?.Priority, ticket?.Department)))
            {
                var shown = await disclosure.DiscloseAsync(new ChannelAudience.TeamChannel(channel.Id), ticket, TeamHeadline(first, ticket), first.Message, cancellationToken);
                var key = $"ch:{channel.Id:N}:{Hash(happening.Key)}";
                if (await chat.EnqueueAsync(Post(key, channel.Id, null, $"channel:{channel.Id:N}", channel.Format, Message(ticket, shown), now), cancellationToken))
                {
                    queued++;
                }
            }
        }

        return queued;
    }

    /// <summary>"IT-004217 was assigned to you" speaks to one person; a channel hears who it went to.</summary>
    private static string TeamHeadline(NewNotification notification, NotifiedTicket? ticket) =>
        notification.Type == NotificationType.Assignment && ticket is not null
            ? $"{ticket.TicketNumber} was assigned to {(string.IsNullOrWhiteSpace(ticket.AssigneeName) ? "someone" : ticket.AssigneeName)}"
            : notification.Title;

    private ChatMessage Message(NotifiedTicket? ticket, DisclosedTicket shown) =>
        new(
            shown.Title,
            ticket?.TicketNumber,
            ticket is null ? null : shown.TicketTitle,
            ticket is null ? null : NotificationTypeText.Status(ticket.Status),
            ticket is null ? null : NotificationTypeText.Priority(ticket.Priority),
            ticket?.AssigneeName,
            ticket is null ? null : links.Ticket(ticket.Id),
            ticket is not null && shown.Message == shown.TicketTitle ? null : shown.Message);

    private static ChatPost Post(string key, Guid? channelId, string? userId, string target, ChatFormat format, ChatMessage message, DateTimeOffset now) =>
        new()
        {
            DedupeKey = key,
            ChannelId = channelId,
            UserId = userId,
            TargetKey = target,
            Format = format,
            PayloadJson = message.ToPayload(format),
            Summary = message.Summary,
            State = DeliveryState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };

    private async Task<OutboundEmail> EmailAsync(
        NewNotification notification,
        ChannelRecipient recipient,
        NotifiedTicket? ticket,
        DisclosedTicket shown,
        MailSettings settings,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var domain = EmailAddressing.DomainOf(settings.FromAddress);
        var canReply = ticket is not null && !string.IsNullOrWhiteSpace(settings.ReplyAddress);
        var unsubscribeUrl = links.Unsubscribe(unsubscribe.Create(recipient.UserId, notification.Type));
        var zone = recipient.Choices.Zone;
        var rendered = await composer.NotificationAsync(
            new NotificationEmailModel(
                recipient.DisplayName ?? recipient.Email!,
                NotificationTypeText.Name(notification.Type),
                shown.Title,
                shown.Message,
                ticket?.TicketNumber,
                ticket is null ? null : shown.TicketTitle,
                ticket is null ? null : NotificationTypeText.Status(ticket.Status),
                ticket is null ? null : NotificationTypeText.Priority(ticket.Priority),
                ticket is null ? null : string.IsNullOrWhiteSpace(ticket.AssigneeName) ? "Unassigned" : ticket.AssigneeName,
                ticket is null ? null : links.Ticket(ticket.Id),
                Local(notification.CreatedAt, zone),
                canReply,
                links.Preferences(),
                unsubscribeUrl),
            cancellationToken);
        var root = ticket is null ? null : $"<{EmailAddressing.ThreadRoot(ticket.Id, domain)}>";
        return new OutboundEmail
        {
            DedupeKey = $"n:{notification.Id:N}{notification.VersionSuffix}",
            Kind = EmailKind.Notification,
            UserId = recipient.UserId,
            ToAddress = recipient.Email!,
            ToName = recipient.DisplayName,
            TicketId = ticket?.Id,
            NotificationId = notification.Id,
            Subject = ticket is null ? rendered.Subject : $"[{ticket.TicketNumber}] {shown.TicketTitle}",
            TextBody = rendered.TextBody,
            HtmlBody = rendered.HtmlBody,
            MessageId = EmailAddressing.NotificationMessageId(notification.Id, notification.FoldVersion, domain),
            InReplyTo = root,
            References = root,
            ReplyToken = canReply ? EmailAddressing.NewReplyToken() : null,
            UnsubscribeUrl = unsubscribeUrl,
            State = DeliveryState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    /// <summary>"6 Dec 2026, 14:05 (Europe/Lisbon)".</summary>
    internal static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        $"{TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({(zone == TimeZoneInfo.Utc ? "UTC" : zone.Id)})";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
