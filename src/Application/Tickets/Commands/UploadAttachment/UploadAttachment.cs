using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Attachments;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands.UploadAttachment;

/// <summary>
/// Attaches a file to a ticket at Championship IT, streamed: <see cref="Content"/> is read as it is
/// sent on (its first <see cref="FileTypeSniffer.HeadLength"/> bytes are read first, to tell its type),
/// nothing is written to the app's disk, and what was sent is held in memory only until the answer.
/// <see cref="IdempotencyKey"/> is chosen once per file, so the same file sent again is stored once. While Championship IT cannot be reached the
/// file is queued instead: its bytes wait in PostgreSQL until the outbox delivers it
/// (docs/decisions/030-attachments-not-queued.md). The caller owns <see cref="Content"/>.
/// </summary>
public sealed record UploadAttachmentCommand(Guid TicketId, Stream Content, string? FileName, Guid IdempotencyKey)
    : ICommand<UploadAttachmentResult>, ITicketWrite
{
    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [TicketId];
}

public enum UploadOutcome
{
    Uploaded,

    /// <summary>More than 25 MiB: nothing was stored.</summary>
    TooLarge,

    /// <summary>Its content is not one of the allowed types (whatever its name says).</summary>
    TypeNotAllowed,

    Empty,

    /// <summary>Championship IT answered, and refused it (e.g. the ticket has the most attachments it may have).</summary>
    Refused,

    /// <summary>
    /// Championship IT is not set up, or answered with something unreadable: the file was not uploaded
    /// and not kept, since delivering it later would fail the same way.
    /// </summary>
    Unreachable,

    /// <summary>
    /// Championship IT could not be reached (refused connection, timeout, 5xx, circuit open), before or
    /// while the file was sent: it waits in the outbox and is uploaded, with its Idempotency-Key, once
    /// Championship IT answers again.
    /// </summary>
    Queued,
}

/// <summary>What became of one file; <see cref="Message"/> says it in words, naming the file.</summary>
public sealed record UploadAttachmentResult(UploadOutcome Outcome, string FileName, string Message, TicketAttachmentSummary? Attachment = null)
{
    /// <summary>Attached, or kept to be attached: nothing for the user to do again.</summary>
    public bool Succeeded => Outcome is UploadOutcome.Uploaded or UploadOutcome.Queued;
}

public sealed class UploadAttachmentValidator : AbstractValidator<UploadAttachmentCommand>
{
    public UploadAttachmentValidator()
    {
        RuleFor(c => c.TicketId).NotEmpty().WithMessage("Choose a ticket to attach the file to.");
        RuleFor(c => c.IdempotencyKey).NotEmpty().WithMessage("The upload form has expired: reload the page and try again.");
        RuleFor(c => c.Content).NotNull().WithMessage("Choose a file.");
    }
}

public sealed class UploadAttachmentHandler(
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketAttachmentRepository mirror,
    IAuditLog audit,
    ICurrentUser user,
    ITicketOutbox outbox,
    TimeProvider clock,
    IOptions<AttachmentOptions> options)
    : ICommandHandler<UploadAttachmentCommand, UploadAttachmentResult>
{
    public const string AuditAction = "ticket.attachment_upload";
    public const string QueuedAuditAction = "ticket.attachment_upload_queued";

    public async ValueTask<UploadAttachmentResult> Handle(UploadAttachmentCommand command, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(command.TicketId, cancellationToken) ?? throw new NotFoundException("Ticket", command.TicketId);
        var name = AttachmentFileName.Sanitize(command.FileName);

        var head = new byte[FileTypeSniffer.HeadLength];
        var headLength = await ReadHeadAsync(command.Content, head, cancellationToken);
        if (headLength == 0)
        {
            return new UploadAttachmentResult(UploadOutcome.Empty, name, $"“{name}” is empty, so it was not uploaded.");
        }

        var type = FileTypeSniffer.Detect(head.AsSpan(0, headLength), complete: headLength < head.Length, name);
        var allowed = options.Value.Allowed;
        if (type is null || !allowed.Contains(type))
        {
            var kinds = string.Join(", ", allowed.Select(FileTypes.Label).Distinct(StringComparer.Ordinal));
            return new UploadAttachmentResult(
                UploadOutcome.TypeNotAllowed,
                name,
                $"“{name}” was not uploaded: its content is {(type is null ? "not a type this dashboard accepts" : FileTypes.Label(type))}. Allowed: {kinds}.");
        }

        // What the remote client has read is kept until the answer: if Championship IT goes away part-way,
        // the file is queued whole (head, the bytes already sent, and the rest still unread).
        using var sent = new MemoryStream();
        var stream = new UploadStream(head, headLength, new CopyingStream(command.Content, sent), AttachmentOptions.MaxFileBytes);
        RemoteCreatedAttachment created;
        try
        {
            created = await remote.UploadAttachmentAsync(
                ticket.ExternalTicketId, new RemoteAttachmentUpload(stream, name, type, user.DisplayName), command.IdempotencyKey, cancellationToken);
        }
        catch (Exception) when (stream.Exceeded)
        {
            return TooLarge(name);
        }
        catch (RemoteRejectedException rejected) when (rejected.StatusCode == 413)
        {
            return TooLarge(name);
        }
        catch (RemoteRejectedException rejected)
        {
            return new UploadAttachmentResult(UploadOutcome.Refused, name, $"Championship IT refused “{name}”: {RemoteWriteErrors.Reason(rejected)}");
        }
        catch (RemoteNotFoundException)
        {
            return new UploadAttachmentResult(
                UploadOutcome.Refused, name, $"Championship IT no longer has ticket {ticket.TicketNumber} (it may have been deleted there), so “{name}” was not uploaded.");
        }
        catch (RemoteUnauthorizedException)
        {
            return new UploadAttachmentResult(
                UploadOutcome.Refused, name, $"Championship IT refused the dashboard's API key, so “{name}” was not uploaded. Ask an administrator to check the integration settings.");
        }
        catch (RemoteUnavailableException unavailable) when (OutboxPayload.IsOutage(unavailable))
        {
            return await QueueAsync(command, ticket, name, type, head.AsMemory(0, headLength), sent, cancellationToken);
        }
        catch (RemoteUnavailableException)
        {
            return new UploadAttachmentResult(
                UploadOutcome.Unreachable, name, $"Championship IT cannot take files right now, so “{name}” was not uploaded and nothing of it was kept. Try again later, or tell an administrator if it persists.");
        }

        var attachment = created.Attachment;

        // The page lists the mirror's attachments: the new file shows at once, before the remote's webhook.
        await mirror.AddAsync(ticket.ExternalTicketId, [attachment.ToMirror()], CancellationToken.None);
        await audit.WriteAsync(
            AuditAction,
            "ticket",
            ticket.ExternalTicketId,
            new { TicketId = ticket.Id, ticket.TicketNumber, AttachmentId = attachment.Id, attachment.ContentType, attachment.SizeBytes, Replay = created.IsReplay },
            CancellationToken.None);
        var summary = new TicketAttachmentSummary(
            attachment.Id, attachment.FileName, attachment.ContentType, attachment.SizeBytes, attachment.UploadedByName, attachment.CreatedAt, attachment.Sha256);
        return new UploadAttachmentResult(UploadOutcome.Uploaded, name, $"“{name}” attached.", summary);
    }

    /// <summary>
    /// Keeps the file (head, what was sent, the rest of the stream; at most 25 MiB) in the outbox with its
    /// Idempotency-Key, so a form sent twice queues it once and a delivery that is retried stores it once.
    /// </summary>
    private async Task<UploadAttachmentResult> QueueAsync(
        UploadAttachmentCommand command, Ticket ticket, string name, string type, ReadOnlyMemory<byte> head, MemoryStream sent, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        buffer.Write(head.Span);
        sent.Position = 0;
        await sent.CopyToAsync(buffer, cancellationToken);
        var chunk = new byte[81920];
        int read;
        while ((read = await command.Content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > AttachmentOptions.MaxFileBytes)
            {
                return TooLarge(name);
            }

            buffer.Write(chunk, 0, read);
        }

        var content = buffer.ToArray();
        var write = new PendingTicketWrite
        {
            IdempotencyKey = command.IdempotencyKey,
            Kind = PendingWriteKind.Attachment,
            TicketId = ticket.Id,
            ExternalTicketId = ticket.ExternalTicketId,
            TicketNumber = ticket.TicketNumber,
            Summary = Truncate($"Attach “{name}” ({FileTypes.Label(type)}, {content.Length} bytes)"),
            PayloadJson = OutboxPayload.Of(new QueuedAttachment(name, type, content.Length, user.DisplayName)),
            AuthorUserId = user.UserId,
            QueuedAt = clock.GetUtcNow(),
        };
        await outbox.EnqueueAttachmentAsync(
            write,
            content,
            QueuedAuditAction,
            new { TicketId = ticket.Id, ticket.TicketNumber, FileName = name, ContentType = type, SizeBytes = content.Length, command.IdempotencyKey },
            CancellationToken.None);
        return new UploadAttachmentResult(
            UploadOutcome.Queued, name, $"Championship IT is unreachable, so “{name}” is waiting to upload: it is sent as soon as Championship IT answers again.");
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    private static UploadAttachmentResult TooLarge(string name) =>
        new(UploadOutcome.TooLarge, name, $"“{name}” is larger than 25 MiB, the most Championship IT accepts per file, so it was not uploaded.");

    /// <summary>Fills <paramref name="head"/> from the start of the stream, or as far as the stream goes.</summary>
    private static async Task<int> ReadHeadAsync(Stream content, byte[] head, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < head.Length && (read = await content.ReadAsync(head.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
