using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands.BulkUpdateTickets;

/// <summary>
/// Sets the status, priority and/or assignee of the selected tickets, one PATCH per ticket through
/// Championship IT. Fields left null are not changed; <see cref="AssigneeId"/> is a remote assignee
/// id or <see cref="Unassign"/>. Every ticket gets its own outcome: nothing fails silently.
/// </summary>
public sealed record BulkUpdateTicketsCommand : ICommand<BulkUpdateResult>
{
    public const int MaxTickets = 100;

    /// <summary>The <see cref="AssigneeId"/> that removes the assignee (the list's filter uses the same word).</summary>
    public const string Unassign = "unassigned";

    /// <summary>
    /// An array, not a read-only list: model binding fills an existing read-only collection by
    /// silently dropping the values, while an array is always bound anew.
    /// </summary>
    public Guid[] TicketIds { get; init; } = [];

    public TicketStatus? Status { get; init; }

    public TicketPriority? Priority { get; init; }

    public string? AssigneeId { get; init; }

    public bool ChangesAssignee => !string.IsNullOrWhiteSpace(AssigneeId);

    public bool ChangesAnything => Status is not null || Priority is not null || ChangesAssignee;
}

/// <summary>One selected ticket: updated, or why not. <see cref="TicketNumber"/> is null for a ticket the cache does not have.</summary>
public sealed record BulkTicketOutcome(Guid TicketId, string? TicketNumber, bool Succeeded, string? Error)
{
    public static BulkTicketOutcome Success(Ticket ticket) => new(ticket.Id, ticket.TicketNumber, true, null);

    public static BulkTicketOutcome Failure(Guid id, Ticket? ticket, string error) => new(id, ticket?.TicketNumber, false, error);
}

/// <summary>One outcome per selected ticket, in the order they were selected.</summary>
public sealed record BulkUpdateResult(IReadOnlyList<BulkTicketOutcome> Outcomes)
{
    public int SucceededCount => Outcomes.Count(o => o.Succeeded);

    public IReadOnlyList<BulkTicketOutcome> Failures => [.. Outcomes.Where(o => !o.Succeeded)];
}

public sealed class BulkUpdateTicketsValidator : AbstractValidator<BulkUpdateTicketsCommand>
{
    public const string NothingSelectedMessage = "Select at least one ticket.";
    public const string NoChangeMessage = "Choose a new status, priority or assignee for the selected tickets.";

    public BulkUpdateTicketsValidator()
    {
        RuleFor(c => c.TicketIds)
            .NotEmpty().WithMessage(NothingSelectedMessage)
            .Must(ids => ids.Distinct().Count() <= BulkUpdateTicketsCommand.MaxTickets)
            .WithMessage(c => $"Select at most {BulkUpdateTicketsCommand.MaxTickets} tickets at a time (you selected {c.TicketIds.Distinct().Count()}).");
        RuleFor(c => c.Status).IsInEnum().WithMessage("Choose a status from the list.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose a priority from the list.");
        RuleFor(c => c.AssigneeId).MaximumLength(TicketEditableFields.MaxAssigneeIdLength).WithMessage(AssigneeDirectory.UnknownAssigneeMessage);
        RuleFor(c => c).Custom((command, context) =>
        {
            if (!command.ChangesAnything)
            {
                context.AddFailure(new ValidationFailure(string.Empty, NoChangeMessage));
            }
        });
    }
}

public sealed class BulkUpdateTicketsHandler(
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketListReader lists,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock)
    : ICommandHandler<BulkUpdateTicketsCommand, BulkUpdateResult>
{
    public const string AuditAction = "ticket.bulk_update";

    public async ValueTask<BulkUpdateResult> Handle(BulkUpdateTicketsCommand command, CancellationToken cancellationToken)
    {
        var patch = await BuildPatchAsync(command, cancellationToken);
        var outcomes = new List<BulkTicketOutcome>();
        string? stopReason = null;
        var cancelled = false;
        try
        {
            foreach (var id in command.TicketIds.Distinct())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var cached = await tickets.FindAsync(id, cancellationToken);
                if (cached is null)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, null, "Not found: the ticket is no longer in the dashboard."));
                    continue;
                }

                // After an outage the remaining tickets would each wait out the client's retries
                // for the same answer: they are reported as not tried instead.
                if (stopReason is not null)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, $"Not tried: {stopReason}"));
                    continue;
                }

                try
                {
                    var answer = await remote.UpdateTicketAsync(cached.ExternalTicketId, patch, cancellationToken);

                    // Stored one by one, so a cancelled request keeps the changes the remote already made.
                    await tickets.UpsertManyAsync([answer.Ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None, user.UserId);
                    outcomes.Add(BulkTicketOutcome.Success(cached));
                }
                catch (RemoteNotFoundException)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, "Championship IT has no such ticket (404); it may have been deleted there."));
                }
                catch (RemoteRejectedException ex)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, RemoteWriteErrors.Reason(ex)));
                }
                catch (RemoteUnavailableException ex)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, $"Championship IT could not be reached: {ex.Message}"));
                    stopReason = "Championship IT could not be reached.";
                }
                catch (RemoteUnauthorizedException ex)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, ex.Message));
                    stopReason = "Championship IT refused the dashboard's API key.";
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            throw;
        }
        finally
        {
            // Written even for a cancelled request: the tickets already changed at the remote must be on record.
            await WriteAuditAsync(command, outcomes, cancelled);
        }

        return new BulkUpdateResult(outcomes);
    }

    private async Task<RemoteTicketUpdate> BuildPatchAsync(BulkUpdateTicketsCommand command, CancellationToken cancellationToken)
    {
        var patch = new RemoteTicketUpdate();
        if (command.Status is { } status)
        {
            patch = patch with { Status = status };
        }

        if (command.Priority is { } priority)
        {
            patch = patch with { Priority = priority };
        }

        if (command.ChangesAssignee)
        {
            var (id, name) = string.Equals(command.AssigneeId!.Trim(), BulkUpdateTicketsCommand.Unassign, StringComparison.Ordinal)
                ? (null, null)
                : await AssigneeDirectory.ResolveAsync(command.AssigneeId, null, lists, nameof(BulkUpdateTicketsCommand.AssigneeId), cancellationToken);
            patch = patch with { AssigneeId = id, AssigneeName = name };
        }

        return patch;
    }

    private Task WriteAuditAsync(BulkUpdateTicketsCommand command, List<BulkTicketOutcome> outcomes, bool cancelled) =>
        audit.WriteAsync(
            AuditAction,
            "ticket",
            null,
            new
            {
                Requested = new
                {
                    Status = command.Status is { } s ? WireName<TicketStatus>.Of(s) : null,
                    Priority = command.Priority is { } p ? WireName<TicketPriority>.Of(p) : null,
                    Assignee = command.ChangesAssignee ? command.AssigneeId!.Trim() : null,
                },
                Selected = command.TicketIds.Distinct().Count(),
                Succeeded = outcomes.Count(o => o.Succeeded),
                Failed = outcomes.Count(o => !o.Succeeded),
                Cancelled = cancelled,
                Tickets = outcomes.Select(o => new { o.TicketId, o.TicketNumber, Outcome = o.Succeeded ? "updated" : "failed", o.Error }).ToList(),
            },
            CancellationToken.None);
}
