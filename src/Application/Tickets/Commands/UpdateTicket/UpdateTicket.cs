using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Tickets;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Tickets.Commands.UpdateTicket;

/// <summary>
/// Saves the detail page's edit form through Championship IT. <see cref="ExpectedUpdatedAt"/> is the
/// <c>updated_at</c> of the version the form was loaded with: when the remote has moved on since,
/// nothing is sent and the user sees the current values instead (no silent overwrite of someone
/// else's change). An empty <see cref="AssigneeId"/> means unassigned; <see cref="DueDate"/> is UTC.
/// </summary>
public sealed record UpdateTicketCommand : ICommand<UpdateTicketResult>
{
    public Guid Id { get; init; }

    public DateTimeOffset ExpectedUpdatedAt { get; init; }

    public TicketStatus Status { get; init; }

    public TicketPriority Priority { get; init; }

    public string? AssigneeId { get; init; }

    public string? Category { get; init; }

    public string? Department { get; init; }

    public DateTimeOffset? DueDate { get; init; }

    /// <summary>The form for a cached ticket, as loaded.</summary>
    public static UpdateTicketCommand For(Ticket ticket) => new()
    {
        Id = ticket.Id,
        ExpectedUpdatedAt = ticket.UpdatedAt,
        Status = ticket.Status,
        Priority = ticket.Priority,
        AssigneeId = ticket.AssigneeId,
        Category = ticket.Category,
        Department = ticket.Department,
        DueDate = ticket.DueDate,
    };

    /// <summary>What the user asked for; the assignee's name is filled in once it is resolved.</summary>
    public TicketEditableFields Requested(string? assigneeName = null) =>
        new(Status, Priority, TicketEditableFields.Text(AssigneeId), assigneeName, TicketEditableFields.Text(Category), TicketEditableFields.Text(Department), DueDate);
}

public enum UpdateTicketOutcome
{
    /// <summary>The remote took the change and the cache holds its answer.</summary>
    Saved,

    /// <summary>The remote already holds these values: nothing was sent.</summary>
    NothingChanged,

    /// <summary>The ticket changed at the remote since the form was loaded: nothing was sent, the cache now holds the current version.</summary>
    Conflict,

    /// <summary>
    /// Championship IT could not be reached (or earlier changes to this ticket still wait for it): the
    /// change is in the outbox and is sent as soon as the remote answers.
    /// </summary>
    Queued,
}

/// <summary>
/// <see cref="Current"/> is the remote's version now. For <see cref="UpdateTicketOutcome.Saved"/>,
/// <see cref="Fields"/> went from <see cref="Before"/> to <see cref="After"/>; for a conflict,
/// <see cref="Before"/> is the remote's current values and <see cref="After"/> what the user asked for,
/// and <see cref="Fields"/> lists where they differ (what was not saved).
/// </summary>
public sealed record UpdateTicketResult(
    UpdateTicketOutcome Outcome,
    Ticket Current,
    TicketEditableFields Before,
    TicketEditableFields After,
    IReadOnlyList<string> Fields);

public sealed class UpdateTicketValidator : AbstractValidator<UpdateTicketCommand>
{
    public const string NothingChangedMessage = "Nothing to save: change at least one field first.";

    public UpdateTicketValidator(ITicketRepository tickets)
    {
        RuleFor(c => c.Id).NotEmpty().WithMessage("Choose a ticket to change.");
        RuleFor(c => c.ExpectedUpdatedAt).NotEmpty().WithMessage("The form is incomplete: reload the ticket and try again.");
        RuleFor(c => c.Status).IsInEnum().WithMessage("Choose a status from the list.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose a priority from the list.");
        RuleFor(c => c.AssigneeId).MaximumLength(TicketEditableFields.MaxAssigneeIdLength).WithMessage(AssigneeDirectory.UnknownAssigneeMessage);
        RuleFor(c => c.Category).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The category can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Department).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The department can be at most {TicketEditableFields.MaxTextLength} characters.");

        // Compared with the cache, which is what the form was loaded from; the handler compares again
        // with the remote, which is what the PATCH is computed against.
        RuleFor(c => c).CustomAsync(async (command, context, cancellationToken) =>
        {
            if (command.Id == Guid.Empty || await tickets.FindAsync(command.Id, cancellationToken) is not { } cached)
            {
                return;
            }

            if (command.Requested().ChangedFrom(TicketEditableFields.Of(cached)).Count == 0)
            {
                context.AddFailure(new ValidationFailure(string.Empty, NothingChangedMessage));
            }
        });
    }
}

public sealed class UpdateTicketHandler(
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketOutbox outbox,
    ITicketListReader lists,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock)
    : ICommandHandler<UpdateTicketCommand, UpdateTicketResult>
{
    public const string AuditAction = "ticket.update";

    private static readonly IReadOnlySet<string> FormFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(UpdateTicketCommand.Status), nameof(UpdateTicketCommand.Priority), nameof(UpdateTicketCommand.AssigneeId),
        nameof(UpdateTicketCommand.Category), nameof(UpdateTicketCommand.Department), nameof(UpdateTicketCommand.DueDate),
    };

    public async ValueTask<UpdateTicketResult> Handle(UpdateTicketCommand command, CancellationToken cancellationToken)
    {
        var cached = await tickets.FindAsync(command.Id, cancellationToken) ?? throw new NotFoundException("Ticket", command.Id);

        // Changes to one ticket reach the remote in the order they were made: behind queued ones, this one queues too.
        if ((await outbox.GetPendingUpdatesAsync([cached.Id], cancellationToken)).Count > 0)
        {
            return await QueueAsync(command, cached, "Earlier changes to this ticket are still waiting for Championship IT.", cancellationToken);
        }

        RemoteTicketResult current;
        try
        {
            current = await CallRemoteAsync(cached, () => remote.GetTicketAsync(cached.ExternalTicketId, cancellationToken));
        }
        catch (Exception ex) when (OutboxPayload.IsOutage(ex))
        {
            return await QueueAsync(command, cached, ex.Message, cancellationToken);
        }

        var before = TicketEditableFields.Of(current.Ticket);

        if (current.Ticket.UpdatedAt != command.ExpectedUpdatedAt)
        {
            await StoreAsync(current.Ticket);
            var attempted = command.Requested(await TryResolveAssigneeNameAsync(command, current.Ticket, cancellationToken));
            return new UpdateTicketResult(UpdateTicketOutcome.Conflict, current.Ticket, before, attempted, attempted.ChangedFrom(before));
        }

        var (_, assigneeName) = await AssigneeDirectory.ResolveAsync(
            command.AssigneeId, current.Ticket, lists, nameof(UpdateTicketCommand.AssigneeId), cancellationToken);
        var after = command.Requested(assigneeName);
        var changed = after.ChangedFrom(before);
        if (changed.Count == 0)
        {
            return new UpdateTicketResult(UpdateTicketOutcome.NothingChanged, current.Ticket, before, before, []);
        }

        RemoteTicketResult answer;
        try
        {
            answer = await CallRemoteAsync(
                cached,
                () => remote.UpdateTicketAsync(current.Ticket.ExternalTicketId, after.PatchFrom(before), cancellationToken));
        }
        catch (Exception ex) when (OutboxPayload.IsOutage(ex))
        {
            // The PATCH may or may not have arrived: the outbox reads the ticket before sending it again.
            return await QueueAsync(command, current.Ticket, ex.Message, cancellationToken);
        }
        var saved = TicketEditableFields.Of(answer.Ticket);

        // The remote has the change now: recording it here must not stop halfway because the
        // browser went away, or the cache and the audit log would miss a change that happened.
        await StoreAsync(answer.Ticket);
        await audit.WriteAsync(
            AuditAction,
            "ticket",
            answer.Ticket.ExternalTicketId,
            new
            {
                TicketId = cached.Id,
                answer.Ticket.TicketNumber,
                Changes = changed.ToDictionary(f => f, f => new { Old = before.AuditValue(f), New = saved.AuditValue(f) }),
            },
            CancellationToken.None);

        return new UpdateTicketResult(UpdateTicketOutcome.Saved, answer.Ticket, before, saved, changed);
    }

    /// <summary>
    /// Stores the change in the outbox with its audit entry, computed against <paramref name="baseline"/>
    /// (the remote's version when it answered the read, else the cache's). A form loaded from an older
    /// version is a conflict, as it would be with the remote up.
    /// </summary>
    private async Task<UpdateTicketResult> QueueAsync(UpdateTicketCommand command, Ticket baseline, string reason, CancellationToken cancellationToken)
    {
        var before = TicketEditableFields.Of(baseline);
        if (baseline.UpdatedAt != command.ExpectedUpdatedAt)
        {
            var attempted = command.Requested(await TryResolveAssigneeNameAsync(command, baseline, cancellationToken));
            return new UpdateTicketResult(UpdateTicketOutcome.Conflict, baseline, before, attempted, attempted.ChangedFrom(before));
        }

        var (_, assigneeName) = await AssigneeDirectory.ResolveAsync(
            command.AssigneeId, baseline, lists, nameof(UpdateTicketCommand.AssigneeId), cancellationToken);
        var after = command.Requested(assigneeName);
        var changed = after.ChangedFrom(before);
        if (changed.Count == 0)
        {
            return new UpdateTicketResult(UpdateTicketOutcome.NothingChanged, baseline, before, before, []);
        }

        var write = new PendingTicketWrite
        {
            IdempotencyKey = Guid.NewGuid(),
            Kind = PendingWriteKind.Update,
            TicketId = command.Id,
            ExternalTicketId = baseline.ExternalTicketId,
            TicketNumber = baseline.TicketNumber,
            Summary = after.Describe(changed),
            PayloadJson = OutboxPayload.Of(new QueuedUpdate(before, after)),
            AuthorUserId = user.UserId,
            QueuedAt = clock.GetUtcNow(),
            State = PendingWriteState.Pending,
            LastError = reason,
        };
        await outbox.EnqueueAsync(
            write,
            AuditAction,
            new
            {
                TicketId = command.Id,
                baseline.TicketNumber,
                Queued = true,
                Reason = reason,
                Changes = changed.ToDictionary(f => f, f => new { Old = before.AuditValue(f), New = after.AuditValue(f) }),
            },
            CancellationToken.None);
        return new UpdateTicketResult(UpdateTicketOutcome.Queued, baseline, before, after, changed);
    }

    private Task<UpsertResult> StoreAsync(Ticket ticket) =>
        tickets.UpsertManyAsync([ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None, user.UserId);

    /// <summary>For the conflict message only: an assignee that cannot be resolved is shown by its id.</summary>
    private async Task<string?> TryResolveAssigneeNameAsync(UpdateTicketCommand command, Ticket current, CancellationToken cancellationToken)
    {
        try
        {
            return (await AssigneeDirectory.ResolveAsync(command.AssigneeId, current, lists, nameof(UpdateTicketCommand.AssigneeId), cancellationToken)).Name;
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    private static async Task<RemoteTicketResult> CallRemoteAsync(Ticket cached, Func<Task<RemoteTicketResult>> call)
    {
        try
        {
            return await call();
        }
        catch (RemoteNotFoundException)
        {
            throw RemoteWriteErrors.General(
                $"Championship IT no longer has ticket {cached.TicketNumber} (it may have been deleted there), so nothing was saved. The next sync removes it from this dashboard.");
        }
        catch (Exception ex) when (!OutboxPayload.IsOutage(ex) && RemoteWriteErrors.TryTranslate(ex, FormFields, out var failure))
        {
            throw failure;
        }
    }
}
