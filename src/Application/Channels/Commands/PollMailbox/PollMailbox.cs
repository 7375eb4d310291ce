using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Channels.Email;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Channels.Commands.PollMailbox;

/// <summary>
/// Reads the new e-mails of the IT mailbox: a new mail becomes a ticket at Championship IT, a reply to a
/// notification becomes a public comment on its ticket, automatic mail is ignored. Run every minute by
/// a job; an admin may run it now from the mail settings page.
/// </summary>
public sealed record PollMailboxCommand : ICommand<MailboxPollResult>, ISystemRequest, IAdminRequest, ITicketWrite
{
    /// <summary>Known only as mails are read: the result names them (<see cref="MailboxPollResult.WrittenTicketIds"/>).</summary>
    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [];
}

/// <summary>
/// What one poll did; <see cref="Error"/> says why it stopped early (the mail server or Championship IT).
/// <see cref="WrittenTicketIds"/>: the tickets created or commented on.
/// </summary>
public sealed record MailboxPollResult(bool Enabled, int Read, int TicketsCreated, int CommentsAdded, int Ignored, int Refused, int Failed, string? Error)
    : ITicketWriteResult
{
    public IReadOnlyCollection<Guid> WrittenTicketIds { get; init; } = [];

    /// <summary>Two polls are alike when their counts and error are: the ids are for the audit of PHI changes.</summary>
    public bool Equals(MailboxPollResult? other) =>
        other is not null
        && (Enabled, Read, TicketsCreated, CommentsAdded, Ignored, Refused, Failed, Error) ==
           (other.Enabled, other.Read, other.TicketsCreated, other.CommentsAdded, other.Ignored, other.Refused, other.Failed, other.Error);

    public override int GetHashCode() => HashCode.Combine(Enabled, Read, TicketsCreated, CommentsAdded, Ignored, Refused, Failed, Error);
}

/// <summary>
/// Idempotent on the Message-ID: each mail gets an <c>inbound_emails</c> row before anything is done,
/// and the ticket, comment and attachments are sent with idempotency keys derived from it, so a mail
/// read twice (the same UID after a crash, or the same mail sent again) creates one ticket. The UID
/// cursor moves past a mail only once it is settled; when Championship IT is unreachable the poll stops
/// there and the next one starts from that mail.
/// </summary>
public sealed partial class PollMailboxHandler(
    IMailSettingsStore settingsStore,
    IMailboxReader mailbox,
    IInboundEmailStore inbound,
    IEmailOutbox sentEmails,
    ITicketingApi remote,
    ITicketRepository tickets,
    INotificationPreferenceStore preferences,
    IOptions<ChannelOptions> options,
    TimeProvider clock,
    ILogger<PollMailboxHandler> logger) : ICommandHandler<PollMailboxCommand, MailboxPollResult>
{
    public const int MaxTitleLength = 200;
    public const string NoSubject = "(no subject)";

    public async ValueTask<MailboxPollResult> Handle(PollMailboxCommand command, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        if (settings is not { ImapEnabled: true } || string.IsNullOrWhiteSpace(settings.ImapHost))
        {
            return new MailboxPollResult(false, 0, 0, 0, 0, 0, 0, null);
        }

        var counts = new Dictionary<InboundOutcome, int>();
        var read = 0;
        var written = new List<string>();
        string? error = null;
        long uidValidity = settings.ImapUidValidity ?? 0, lastUid = settings.ImapLastUid;
        try
        {
            await using var session = await mailbox.OpenAsync(settings, cancellationToken);
            if (settings.ImapUidValidity != session.UidValidity)
            {
                // The folder was recreated (or never read): its UIDs start again. Reading it all is safe,
                // as every mail is acted on once per Message-ID.
                uidValidity = session.UidValidity;
                lastUid = 0;
            }

            foreach (var uid in await session.NewUidsAsync(lastUid, options.Value.InboundBatchSize, cancellationToken))
            {
                await using var mail = await session.FetchAsync(uid, cancellationToken);
                read++;
                var outcome = await HandleMailAsync(mail, settings, written, cancellationToken);
                if (outcome == InboundOutcome.Pending)
                {
                    error = "Championship IT could not be reached; the mail will be tried again at the next poll.";
                    break;
                }

                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                lastUid = uid;
            }
        }
        catch (MailServerException ex)
        {
            error = $"The IT mailbox could not be read: {ex.Message}";
            LogMailboxError(logger, ex.Message);
        }

        await settingsStore.RecordPollAsync(uidValidity, lastUid, clock.GetUtcNow(), error, CancellationToken.None);
        var writtenIds = new List<Guid>();
        foreach (var externalId in written.Distinct(StringComparer.Ordinal))
        {
            if (await tickets.FindIdAsync(externalId, CancellationToken.None) is { } id)
            {
                writtenIds.Add(id);
            }
        }

        return new MailboxPollResult(
            true,
            read,
            counts.GetValueOrDefault(InboundOutcome.TicketCreated),
            counts.GetValueOrDefault(InboundOutcome.CommentAdded),
            counts.GetValueOrDefault(InboundOutcome.Ignored),
            counts.GetValueOrDefault(InboundOutcome.Refused),
            counts.GetValueOrDefault(InboundOutcome.Failed),
            error)
        {
            WrittenTicketIds = writtenIds,
        };
    }

    /// <summary>Acts on one mail; the remote ids of the tickets it created or commented on are added to <paramref name="written"/>.</summary>
    private async Task<InboundOutcome> HandleMailAsync(InboundMessage mail, MailSettings settings, List<string> written, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var record = await inbound.BeginAsync(mail.MessageId, mail.FromAddress ?? "", Truncate(mail.Subject, 300), now, cancellationToken);
        if (record.Outcome != InboundOutcome.Pending)
        {
            // Settled before (the same Message-ID again, or a mail read again after a crash): nothing is done
            // this time, and the poll does not count it as a second ticket or comment.
            return InboundOutcome.Ignored;
        }

        async Task<InboundOutcome> Settle(InboundOutcome outcome, string detail, Ticket? ticket = null)
        {
            await inbound.CompleteAsync(record.Id, outcome, detail, ticket?.ExternalTicketId, ticket?.TicketNumber, clock.GetUtcNow(), CancellationToken.None);
            if (ticket is not null && outcome is InboundOutcome.TicketCreated or InboundOutcome.CommentAdded)
            {
                written.Add(ticket.ExternalTicketId);
            }

            return outcome;
        }

        if (InboundMailRules.WhyIgnored(mail, [settings.FromAddress, settings.ReplyAddress, settings.SmtpUserName]) is { } why)
        {
            return await Settle(InboundOutcome.Ignored, why);
        }

        try
        {
            var token = EmailAddressing.FindReplyToken(settings.ReplyAddress, mail.Recipients);
            var original = await sentEmails.FindSentAsync(token, mail.ReferencedMessageIds, cancellationToken);
            if (original is not null)
            {
                return await ReplyAsync(mail, original, Settle, cancellationToken);
            }

            return await CreateTicketAsync(mail, Settle, cancellationToken);
        }
        catch (Exception ex) when (ex is RemoteUnavailableException or RemoteUnauthorizedException)
        {
            await inbound.RecordAttemptAsync(record.Id, ex.Message, CancellationToken.None);
            return InboundOutcome.Pending;
        }
        catch (RemoteRejectedException ex)
        {
            return await Settle(InboundOutcome.Failed, $"Championship IT refused it: {ex.Message}");
        }
        catch (RemoteNotFoundException)
        {
            return await Settle(InboundOutcome.Failed, "The ticket no longer exists at Championship IT.");
        }
    }

    private async Task<InboundOutcome> ReplyAsync(
        InboundMessage mail,
        SentEmailReference original,
        Func<InboundOutcome, string, Ticket?, Task<InboundOutcome>> settle,
        CancellationToken cancellationToken)
    {
        if (original.TicketId is not { } ticketId)
        {
            return await settle(InboundOutcome.Ignored, "A reply to an e-mail that is not about one ticket (a digest or a test).", null);
        }

        var ticket = await tickets.FindAsync(ticketId, cancellationToken);
        if (ticket is null || ticket.IsDeleted)
        {
            return await settle(InboundOutcome.Refused, "A reply to a ticket that no longer exists.", null);
        }

        if (!await MayReplyAsync(mail.FromAddress, original, ticket, cancellationToken))
        {
            return await settle(InboundOutcome.Refused, "The sender may not reply to this ticket: only the person the e-mail went to, or the ticket's requester.", ticket);
        }

        var body = ReplyText.Trim(mail.TextBody);
        if (body.Length == 0)
        {
            return await settle(InboundOutcome.Ignored, "The reply had no text of its own (only quoted history).", ticket);
        }

        var created = await remote.AddCommentAsync(
            ticket.ExternalTicketId,
            new RemoteCommentCreate(body, CommentVisibility.Public, mail.FromName, mail.FromAddress),
            EmailAddressing.KeyFrom("comment:" + mail.MessageId),
            cancellationToken);
        // Shown on the ticket at once; the webhook that follows finds it stored already.
        await tickets.AddCommentAsync(ticket.ExternalTicketId, created.Comment, ChangeSource.App, clock.GetUtcNow(), CancellationToken.None);
        return await settle(InboundOutcome.CommentAdded, $"Added as a public comment on {ticket.TicketNumber}.", ticket);
    }

    private async Task<bool> MayReplyAsync(string? from, SentEmailReference original, Ticket ticket, CancellationToken cancellationToken)
    {
        if (EmailAddressing.SameAddress(from, original.ToAddress) || EmailAddressing.SameAddress(from, ticket.RequesterEmail))
        {
            return true;
        }

        // The recipient's address may have changed since the e-mail went out.
        if (original.UserId is { } userId
            && (await preferences.GetRecipientsAsync([userId], cancellationToken)).TryGetValue(userId, out var user))
        {
            return user.IsActive && EmailAddressing.SameAddress(from, user.Email);
        }

        return false;
    }

    private async Task<InboundOutcome> CreateTicketAsync(
        InboundMessage mail,
        Func<InboundOutcome, string, Ticket?, Task<InboundOutcome>> settle,
        CancellationToken cancellationToken)
    {
        var subject = string.IsNullOrWhiteSpace(mail.Subject) ? NoSubject : mail.Subject.Trim();
        var created = await remote.CreateTicketAsync(
            new RemoteTicketCreate(
                Truncate(subject, MaxTitleLength),
                TicketPriority.Medium,
                Description: string.IsNullOrWhiteSpace(mail.TextBody) ? null : mail.TextBody.Trim(),
                RequesterName: mail.FromName,
                RequesterEmail: mail.FromAddress,
                Tags: ["email"]),
            EmailAddressing.KeyFrom("ticket:" + mail.MessageId),
            cancellationToken);
        var ticket = created.Ticket;
        await tickets.UpsertManyAsync([ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None);

        var skipped = new List<string>();
        for (var i = 0; i < mail.Attachments.Count; i++)
        {
            var attachment = mail.Attachments[i];
            if (attachment.ApproximateBytes > RemoteAttachmentUpload.MaxBytes)
            {
                skipped.Add($"{attachment.FileName} (larger than 25 MiB)");
                continue;
            }

            try
            {
                await using var content = attachment.Open();
                await remote.UploadAttachmentAsync(
                    ticket.ExternalTicketId,
                    new RemoteAttachmentUpload(content, attachment.FileName, attachment.ContentType, mail.FromName ?? mail.FromAddress),
                    EmailAddressing.KeyFrom($"attachment:{mail.MessageId}:{i}"),
                    cancellationToken);
            }
            catch (RemoteRejectedException ex)
            {
                skipped.Add($"{attachment.FileName} ({ex.Message})");
            }
        }

        var detail = $"Created {ticket.TicketNumber}" + (mail.Attachments.Count > 0 ? $" with {mail.Attachments.Count - skipped.Count} of {mail.Attachments.Count} attachments" : "") + ".";
        if (skipped.Count > 0)
        {
            detail += " Not uploaded: " + string.Join("; ", skipped);
        }

        return await settle(InboundOutcome.TicketCreated, Truncate(detail, 2000), ticket);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the IT mailbox stopped: {Reason}")]
    private static partial void LogMailboxError(ILogger logger, string reason);
}
