using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Outbox.DeliverOutbox;

/// <summary>
/// Sends the queued ticket writes to Championship IT, oldest first. Run every minute by a job; one
/// round at a time across every instance.
/// </summary>
public sealed record DeliverOutboxCommand : ICommand<OutboxDeliveryResult>, ITicketWrite
{
    /// <summary>Known only as they are delivered: the result names them (<see cref="OutboxDeliveryResult.WrittenTicketIds"/>).</summary>
    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [];
}

/// <summary>
/// What one round did. <see cref="Busy"/>: another instance was delivering, nothing was tried.
/// <see cref="WrittenTicketIds"/>: the tickets whose queued writes were delivered.
/// </summary>
public sealed record OutboxDeliveryResult(int Delivered, int Rejected, int StillQueued, bool Busy = false) : ITicketWriteResult
{
    public IReadOnlyCollection<Guid> WrittenTicketIds { get; init; } = [];

    /// <summary>Two rounds are alike when their counts are: the ids are for the audit of PHI changes.</summary>
    public bool Equals(OutboxDeliveryResult? other) =>
        other is not null && (Delivered, Rejected, StillQueued, Busy) == (other.Delivered, other.Rejected, other.StillQueued, other.Busy);

    public override int GetHashCode() => HashCode.Combine(Delivered, Rejected, StillQueued, Busy);
}

/// <summary>
/// Delivers each queued write exactly once in effect, whatever crashed or was retried in between:
/// a create carries the Idempotency-Key chosen when the form was shown, so a repeat returns the
/// ticket created the first time; a comment carries its draft's key the same way; an update first
/// reads the ticket and sends only the fields that do not hold the requested values yet (a PATCH
/// that arrived before a crash is not sent again).
/// Writes to one ticket go in the order they were made; an outage ends the round and keeps the rest
/// queued; a refusal (422, or the ticket is gone) is told to its author as a notification.
/// </summary>
public sealed partial class DeliverOutboxHandler(
    ITicketOutbox outbox,
    IOutboxLock outboxLock,
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketAttachmentRepository attachments,
    INotificationRepository notifications,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<DeliverOutboxHandler> logger)
    : ICommandHandler<DeliverOutboxCommand, OutboxDeliveryResult>
{
    public const string DeliveredAuditAction = "ticket.queued_write_delivered";
    public const string RejectedAuditAction = "ticket.queued_write_rejected";
    public const int BatchSize = 200;

    public async ValueTask<OutboxDeliveryResult> Handle(DeliverOutboxCommand command, CancellationToken cancellationToken)
    {
        await using var lease = await outboxLock.TryAcquireAsync(cancellationToken);
        if (lease is null)
        {
            return new OutboxDeliveryResult(0, 0, 0, Busy: true);
        }

        int delivered = 0, rejected = 0;
        var written = new List<Guid>();
        var tried = new HashSet<long>();
        while (true)
        {
            // Each write is tried once per round: a write that somehow stays pending cannot loop the round.
            var queue = (await outbox.GetPendingAsync(BatchSize + tried.Count, cancellationToken)).Where(w => tried.Add(w.Id)).ToList();
            if (queue.Count == 0)
            {
                var (left, _) = await outbox.GetBacklogAsync(CancellationToken.None);
                return new OutboxDeliveryResult(delivered, rejected, left) { WrittenTicketIds = written };
            }

            foreach (var write in queue)
            {
                await outbox.RecordAttemptAsync(write.Id, clock.GetUtcNow(), cancellationToken);
                try
                {
                    var ticket = write.Kind switch
                    {
                        PendingWriteKind.Create => await DeliverCreateAsync(write, cancellationToken),
                        PendingWriteKind.Comment => await DeliverCommentAsync(write, cancellationToken),
                        PendingWriteKind.Attachment => await DeliverAttachmentAsync(write, cancellationToken),
                        _ => await DeliverUpdateAsync(write, cancellationToken),
                    };
                    if (await CompleteAsync(write, PendingWriteState.Delivered, null, ticket) is { } ticketId)
                    {
                        written.Add(ticketId);
                    }

                    delivered++;
                }
                catch (Exception ex) when (OutboxPayload.IsOutage(ex) || ex is RemoteUnavailableException or RemoteUnauthorizedException)
                {
                    // Championship IT is not taking writes: keep this one and every later one queued,
                    // in order, for the next round.
                    await outbox.RecordFailureAsync(write.Id, ex.Message, CancellationToken.None);
                    LogStillQueued(logger, write.Id, ex.Message);
                    var (count, _) = await outbox.GetBacklogAsync(CancellationToken.None);
                    return new OutboxDeliveryResult(delivered, rejected, count) { WrittenTicketIds = written };
                }
                catch (Exception ex) when (ex is RemoteRejectedException or RemoteNotFoundException)
                {
                    var reason = ex is RemoteRejectedException refusal
                        ? RemoteWriteErrors.Reason(refusal)
                        : $"Championship IT no longer has ticket {write.TicketNumber} (it may have been deleted there).";
                    await RejectAsync(write, reason);
                    rejected++;
                }
                catch (Exception ex) when (ex is JsonException or InvalidDataException)
                {
                    // Unreadable (e.g. written by a version that no longer exists): it can never be
                    // sent, so it must not hold up the queue.
                    await RejectAsync(write, "The queued write could not be read, so it was not sent. Please make the change again.");
                    rejected++;
                }
            }
        }
    }

    private async Task<Ticket> DeliverCreateAsync(PendingTicketWrite write, CancellationToken cancellationToken)
    {
        var created = await remote.CreateTicketAsync(OutboxPayload.ReadCreate(write.PayloadJson), write.IdempotencyKey, cancellationToken);
        await StoreAsync(created.Ticket, write);
        return created.Ticket;
    }

    private async Task<Ticket> DeliverUpdateAsync(PendingTicketWrite write, CancellationToken cancellationToken)
    {
        var queued = OutboxPayload.ReadUpdate(write.PayloadJson);
        var current = (await remote.GetTicketAsync(write.ExternalTicketId!, cancellationToken)).Ticket;
        var now = TicketEditableFields.Of(current);
        var wanted = queued.After.Over(now, queued.Fields);
        var patch = wanted.PatchFrom(now);
        if (queued.TagsOver(current.Tags) is { } tags)
        {
            patch = patch with { Tags = tags };
        }

        if (patch.IsEmpty)
        {
            // Already there: delivered before a crash, or someone made the same change.
            await StoreAsync(current, write);
            return current;
        }

        var answer = await remote.UpdateTicketAsync(current.ExternalTicketId, patch, cancellationToken);
        await StoreAsync(answer.Ticket, write);
        return answer.Ticket;
    }

    /// <summary>
    /// Posts a queued comment with the Idempotency-Key of its draft, so a comment whose first attempt
    /// reached the remote before the answer was lost is not added twice. Returns no ticket: the
    /// comment's own webhook (or the next sync) brings the ticket's new version.
    /// </summary>
    private async Task<Ticket?> DeliverCommentAsync(PendingTicketWrite write, CancellationToken cancellationToken)
    {
        var queued = OutboxPayload.ReadComment(write.PayloadJson);
        var created = await remote.AddCommentAsync(write.ExternalTicketId!, queued.ToRemote(), write.IdempotencyKey, cancellationToken);
        await tickets.AddCommentAsync(write.ExternalTicketId!, created.Comment, ChangeSource.App, clock.GetUtcNow(), CancellationToken.None, write.AuthorUserId);
        return null;
    }

    /// <summary>
    /// Uploads a queued file with the Idempotency-Key chosen when it was uploaded, so an upload that
    /// reached the remote before its answer was lost is stored once. The bytes are deleted when the
    /// write completes (<see cref="ITicketOutbox.CompleteAsync"/>).
    /// </summary>
    private async Task<Ticket?> DeliverAttachmentAsync(PendingTicketWrite write, CancellationToken cancellationToken)
    {
        var queued = OutboxPayload.ReadAttachment(write.PayloadJson);
        var content = await outbox.GetAttachmentContentAsync(write.Id, cancellationToken)
            ?? throw new InvalidDataException("The queued file's bytes are gone.");
        await using var stream = new MemoryStream(content, writable: false);
        var created = await remote.UploadAttachmentAsync(
            write.ExternalTicketId!, new RemoteAttachmentUpload(stream, queued.FileName, queued.ContentType, queued.UploadedByName), write.IdempotencyKey, cancellationToken);
        await attachments.AddAsync(write.ExternalTicketId!, [created.Attachment.ToMirror()], CancellationToken.None);
        return null;
    }

    /// <summary>The remote has the write: the cache takes its answer as the author's own change (no self-notification).</summary>
    private Task<UpsertResult> StoreAsync(Ticket ticket, PendingTicketWrite write) =>
        tickets.UpsertManyAsync([ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None, write.AuthorUserId);

    /// <summary>Completes the write and audits it; the ticket's id in the mirror, when it has one.</summary>
    private async Task<Guid?> CompleteAsync(PendingTicketWrite write, PendingWriteState state, string? reason, Ticket? ticket)
    {
        var ticketId = ticket is null ? write.TicketId : await tickets.FindIdAsync(ticket.ExternalTicketId, CancellationToken.None);
        await outbox.CompleteAsync(
            write.Id, state, reason, ticketId, ticket?.ExternalTicketId ?? write.ExternalTicketId, ticket?.TicketNumber ?? write.TicketNumber,
            clock.GetUtcNow(), CancellationToken.None);
        await audit.WriteAsync(
            state == PendingWriteState.Delivered ? DeliveredAuditAction : RejectedAuditAction,
            "ticket",
            ticket?.ExternalTicketId ?? write.ExternalTicketId,
            new
            {
                OutboxId = write.Id,
                Kind = write.Kind.ToString().ToLowerInvariant(),
                write.IdempotencyKey,
                TicketNumber = ticket?.TicketNumber ?? write.TicketNumber,
                write.Summary,
                Reason = reason,
                write.Attempts,
            },
            CancellationToken.None);
        return ticketId;
    }

    private async Task RejectAsync(PendingTicketWrite write, string reason)
    {
        await CompleteAsync(write, PendingWriteState.Rejected, reason, ticket: null);
        if (write.AuthorUserId is not { } author)
        {
            return;
        }

        var (title, message) = write.Kind switch
        {
            PendingWriteKind.Create => ($"Not created: “{write.Summary}”", $"Championship IT refused the ticket you filed while it was unreachable. {reason}"),
            PendingWriteKind.Comment => ($"Not sent: your comment on {write.TicketNumber}", $"Championship IT refused the comment you wrote while it was unreachable ({write.Summary}). {reason}"),
            PendingWriteKind.Attachment => ($"Not attached: your file on {write.TicketNumber}", $"Championship IT refused the file you uploaded while it was unreachable ({write.Summary}); it was not kept. {reason}"),
            _ => ($"Not saved: your change to {write.TicketNumber}", $"Championship IT refused the change you made while it was unreachable ({write.Summary}). {reason}"),
        };
        await notifications.AddAsync(
            new DirectNotification(author, write.TicketId, NotificationType.WriteRejected, title, message, $"outbox:{write.Id}"),
            CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued ticket write {OutboxId} stays queued: {Reason}")]
    private static partial void LogStillQueued(ILogger logger, long outboxId, string reason);
}
