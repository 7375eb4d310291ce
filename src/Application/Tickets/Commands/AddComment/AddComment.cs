using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands.AddComment;

/// <summary>
/// A reply (the requester sees it) or an internal note (agents only) on a ticket, written by the
/// signed-in user and posted through Championship IT. <see cref="IdempotencyKey"/> is chosen once per
/// draft, so sending the same draft again (a double click, a retry after a timeout, the outbox after
/// an outage) adds it once. <see cref="Body"/> is plain text; its line breaks are kept.
/// </summary>
public sealed record AddCommentCommand : ICommand<AddCommentResult>, ITicketWrite
{
    public Guid TicketId { get; init; }

    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [TicketId];

    public Guid IdempotencyKey { get; init; }

    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Body { get; init; }

    public CommentVisibility Visibility { get; init; }
}

public enum AddCommentOutcome
{
    /// <summary>Championship IT has it, and so has the mirror.</summary>
    Sent,

    /// <summary>
    /// Championship IT could not be reached (or earlier writes to the ticket still wait for it): the
    /// comment is in the outbox and is posted, once, as soon as the remote answers.
    /// </summary>
    Queued,
}

/// <summary>
/// <see cref="Comment"/> is the comment as Championship IT stored it, or, when queued, as it will be
/// sent (no remote id yet; its time is when it was queued).
/// </summary>
public sealed record AddCommentResult(AddCommentOutcome Outcome, string TicketNumber, TicketComment Comment);

public sealed class AddCommentValidator : AbstractValidator<AddCommentCommand>
{
    /// <summary>The contract's limit for a comment's body.</summary>
    public const int MaxBodyLength = 20_000;

    public AddCommentValidator()
    {
        RuleFor(c => c.TicketId).NotEmpty().WithMessage("Choose a ticket to comment on.");
        RuleFor(c => c.IdempotencyKey).NotEmpty().WithMessage("This form has expired: reload the page (your draft is kept) and send again.");
        RuleFor(c => c.Body)
            .Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write a message first.")
            .Must(b => b is null || AddCommentHandler.Normalize(b).Length <= MaxBodyLength)
            .WithMessage($"A message can be at most {MaxBodyLength:N0} characters.");
        RuleFor(c => c.Visibility).IsInEnum().WithMessage("Choose a reply or an internal note.");
    }
}

public sealed class AddCommentHandler(
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketOutbox outbox,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock)
    : ICommandHandler<AddCommentCommand, AddCommentResult>
{
    public const string AuditAction = "ticket.comment";

    private const int SummaryExcerptLength = 120;

    private static readonly IReadOnlySet<string> FormFields = new HashSet<string>(StringComparer.Ordinal) { nameof(AddCommentCommand.Body) };

    public async ValueTask<AddCommentResult> Handle(AddCommentCommand command, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(command.TicketId, cancellationToken) ?? throw new NotFoundException("Ticket", command.TicketId);
        var comment = new QueuedComment(Normalize(command.Body!), command.Visibility, user.DisplayName, user.Email);

        // Writes to one ticket reach the remote in the order they were made: behind queued ones, this one queues too.
        if ((await outbox.GetPendingUpdatesAsync([ticket.Id], cancellationToken)).Count > 0)
        {
            return await QueueAsync(command, ticket, comment, "Earlier changes to this ticket are still waiting for Championship IT.");
        }

        RemoteCreatedComment created;
        try
        {
            created = await remote.AddCommentAsync(ticket.ExternalTicketId, comment.ToRemote(), command.IdempotencyKey, cancellationToken);
        }
        catch (Exception ex) when (OutboxPayload.IsOutage(ex))
        {
            // It may have arrived: the outbox sends it again with the same key, which the remote de-duplicates.
            return await QueueAsync(command, ticket, comment, ex.Message);
        }
        catch (RemoteNotFoundException)
        {
            throw RemoteWriteErrors.General(
                $"Championship IT no longer has ticket {ticket.TicketNumber} (it may have been deleted there), so your message was not sent. Copy it before you leave this page.");
        }
        catch (Exception ex) when (RemoteWriteErrors.TryTranslate(ex, FormFields, out var failure))
        {
            throw failure;
        }

        // The remote has it: the mirror shows it at once, as the author's own (no notification to
        // them); its webhook finds it stored already. Not cut short by a browser that went away.
        await tickets.AddCommentAsync(ticket.ExternalTicketId, created.Comment, ChangeSource.App, clock.GetUtcNow(), CancellationToken.None, user.UserId);
        await audit.WriteAsync(
            AuditAction,
            "ticket",
            ticket.ExternalTicketId,
            new
            {
                TicketId = ticket.Id,
                ticket.TicketNumber,
                CommentId = created.Comment.ExternalCommentId,
                Visibility = WireName<CommentVisibility>.Of(command.Visibility),
                command.IdempotencyKey,
                Replay = created.IsReplay,
            },
            CancellationToken.None);
        created.Comment.TicketId = ticket.Id;
        return new AddCommentResult(AddCommentOutcome.Sent, ticket.TicketNumber, created.Comment);
    }

    /// <summary>Line breaks as LF (browsers send CRLF); otherwise exactly as typed.</summary>
    public static string Normalize(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>"Reply: Rebooted the VPN concentrator…" — how the queue names a comment.</summary>
    public static string Summary(CommentVisibility visibility, string body)
    {
        var text = string.Join(' ', body.Split((char[])['\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        var excerpt = text.Length <= SummaryExcerptLength ? text : text[..(SummaryExcerptLength - 1)] + "…";
        return $"{(visibility == CommentVisibility.Internal ? "Internal note" : "Reply")}: {excerpt}";
    }

    private async Task<AddCommentResult> QueueAsync(AddCommentCommand command, Ticket ticket, QueuedComment comment, string reason)
    {
        var now = clock.GetUtcNow();
        var write = new PendingTicketWrite
        {
            // The draft's key: the same draft sent twice during an outage is queued once, and the
            // remote de-duplicates a first attempt that reached it after all.
            IdempotencyKey = command.IdempotencyKey,
            Kind = PendingWriteKind.Comment,
            TicketId = ticket.Id,
            ExternalTicketId = ticket.ExternalTicketId,
            TicketNumber = ticket.TicketNumber,
            Summary = Summary(comment.Visibility, comment.Body),
            PayloadJson = OutboxPayload.Of(comment),
            AuthorUserId = user.UserId,
            QueuedAt = now,
            State = PendingWriteState.Pending,
            LastError = reason,
        };
        await outbox.EnqueueAsync(
            write,
            AuditAction,
            new
            {
                TicketId = ticket.Id,
                ticket.TicketNumber,
                Visibility = WireName<CommentVisibility>.Of(command.Visibility),
                command.IdempotencyKey,
                Queued = true,
                Reason = reason,
            },
            CancellationToken.None);
        return new AddCommentResult(
            AddCommentOutcome.Queued,
            ticket.TicketNumber,
            new TicketComment
            {
                TicketId = ticket.Id,
                ExternalCommentId = string.Empty,
                AuthorName = comment.AuthorName,
                AuthorEmail = comment.AuthorEmail,
                Body = comment.Body,
                Visibility = comment.Visibility,
                CreatedAt = now,
            });
    }
}
