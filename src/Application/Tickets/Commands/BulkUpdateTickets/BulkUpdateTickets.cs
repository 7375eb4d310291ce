using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands.BulkUpdateTickets;

/// <summary>
/// Sets the status, priority and/or assignee of the selected tickets and/or adds a tag to them, one
/// PATCH per ticket through Championship IT, and/or has the signed-in user follow them or stop (kept
/// in the dashboard, never sent). Fields left null are not changed; <see cref="AssigneeId"/>
/// is a remote assignee id or <see cref="Unassign"/>. Every ticket gets its own outcome: nothing fails
/// silently. While Championship IT cannot be reached the changes queue in the outbox like a single
/// edit's, and a ticket with changes already queued queues behind them.
/// </summary>
public sealed record BulkUpdateTicketsCommand : ICommand<BulkUpdateResult>, ISkipsRefusedTickets<BulkUpdateTicketsCommand, BulkUpdateResult>
{
    public const int MaxTickets = 100;

    public const int MaxTagLength = 50;

    /// <summary>As long as the mirror keeps a category.</summary>
    public const int MaxCategoryLength = 200;

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

    /// <summary>A tag to add to each ticket's tags (kept if already there).</summary>
    public string? AddTag { get; init; }

    /// <summary>
    /// True: the signed-in user follows each ticket; false: stops following it (decision 040). Applied
    /// to a ticket only when its other changes did not fail, so a ticket's outcome covers all of them.
    /// </summary>
    public bool? Follow { get; init; }

    /// <summary>
    /// Per ticket, the category to set (the triage assistant's "Apply suggestions": each ticket its own). A
    /// selected ticket missing from it is not changed. Null: categories are not changed.
    /// </summary>
    public IReadOnlyDictionary<Guid, string>? CategoryByTicket { get; init; }

    public bool SetsCategories => CategoryByTicket is not null;

    public bool ChangesAssignee => !string.IsNullOrWhiteSpace(AssigneeId);

    public bool AddsTag => !string.IsNullOrWhiteSpace(AddTag);

    /// <summary>Something to send to Championship IT (following is the dashboard's own).</summary>
    public bool ChangesRemote => Status is not null || Priority is not null || ChangesAssignee || AddsTag || SetsCategories;

    public bool ChangesAnything => ChangesRemote || Follow is not null;

    /// <summary>Following alone changes no ticket (like following one ticket): only a change for Championship IT is a ticket write.</summary>
    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => ChangesRemote ? TicketIds : [];

    /// <summary>A PHI ticket its sender may not change is skipped, not the whole selection (docs/decisions/101).</summary>
    BulkUpdateTicketsCommand ISkipsRefusedTickets<BulkUpdateTicketsCommand, BulkUpdateResult>.Without(IReadOnlySet<Guid> refused) =>
        this with { TicketIds = [.. TicketIds.Where(id => !refused.Contains(id))] };

    BulkUpdateResult ISkipsRefusedTickets<BulkUpdateTicketsCommand, BulkUpdateResult>.WithRefused(BulkUpdateResult? done, IReadOnlyList<PhiTicket> refused)
    {
        var outcomes = (done?.Outcomes ?? []).ToDictionary(o => o.TicketId);
        var skipped = refused.ToDictionary(t => t.TicketId);
        return new BulkUpdateResult([.. TicketIds.Distinct()
            .Select(id => skipped.TryGetValue(id, out var ticket)
                ? new BulkTicketOutcome(id, ticket.TicketNumber, BulkOutcome.Failed, PhiWriteRefusal.RowMessage)
                : outcomes.GetValueOrDefault(id))
            .OfType<BulkTicketOutcome>()]);
    }
}

/// <summary>What happened to one selected ticket.</summary>
public enum BulkOutcome
{
    /// <summary>Championship IT took the change and the cache holds its answer.</summary>
    Updated,

    /// <summary>The ticket already held the requested values: nothing was sent.</summary>
    Unchanged,

    /// <summary>In the outbox: sent as soon as Championship IT answers.</summary>
    Queued,

    /// <summary>Not changed; <see cref="BulkTicketOutcome.Error"/> says why.</summary>
    Failed,
}

/// <summary>One selected ticket: its outcome, and why when it failed. <see cref="TicketNumber"/> is null for a ticket the cache does not have.</summary>
public sealed record BulkTicketOutcome(Guid TicketId, string? TicketNumber, BulkOutcome Outcome, string? Error)
{
    public bool Succeeded => Outcome != BulkOutcome.Failed;

    public static BulkTicketOutcome Of(Ticket ticket, BulkOutcome outcome) => new(ticket.Id, ticket.TicketNumber, outcome, null);

    public static BulkTicketOutcome Failure(Guid id, Ticket? ticket, string error) => new(id, ticket?.TicketNumber, BulkOutcome.Failed, error);
}

/// <summary>One outcome per selected ticket, in the order they were selected.</summary>
public sealed record BulkUpdateResult(IReadOnlyList<BulkTicketOutcome> Outcomes) : ITicketWriteResult
{
    /// <summary>The tickets changed at Championship IT or queued to be.</summary>
    IReadOnlyCollection<Guid> ITicketWriteResult.WrittenTicketIds =>
        [.. Outcomes.Where(o => o.Outcome is BulkOutcome.Updated or BulkOutcome.Queued).Select(o => o.TicketId)];

    public int SucceededCount => Outcomes.Count(o => o.Succeeded);

    public int QueuedCount => Outcomes.Count(o => o.Outcome == BulkOutcome.Queued);

    public IReadOnlyList<BulkTicketOutcome> Failures => [.. Outcomes.Where(o => !o.Succeeded)];

    /// <summary>After "Apply suggestions": the category each changed or queued ticket was given, so the list can show it at once.</summary>
    public IReadOnlyDictionary<Guid, string>? CategoryByTicket { get; init; }
}

public sealed class BulkUpdateTicketsValidator : AbstractValidator<BulkUpdateTicketsCommand>
{
    public const string NothingSelectedMessage = "Select at least one ticket.";
    public const string NoChangeMessage = "Choose a new status, priority or assignee, a tag to add, or follow, for the selected tickets.";

    public BulkUpdateTicketsValidator()
    {
        RuleFor(c => c.TicketIds)
            .NotEmpty().WithMessage(NothingSelectedMessage)
            .Must(ids => ids.Distinct().Count() <= BulkUpdateTicketsCommand.MaxTickets)
            .WithMessage(c => $"Select at most {BulkUpdateTicketsCommand.MaxTickets} tickets at a time (you selected {c.TicketIds.Distinct().Count()}).");
        RuleFor(c => c.Status).IsInEnum().WithMessage("Choose a status from the list.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose a priority from the list.");
        RuleFor(c => c.AssigneeId).MaximumLength(TicketEditableFields.MaxAssigneeIdLength).WithMessage(AssigneeDirectory.UnknownAssigneeMessage);
        RuleFor(c => c.AddTag)
            .Must(tag => tag!.Trim().Length <= BulkUpdateTicketsCommand.MaxTagLength && !tag.Any(char.IsControl))
            .When(c => c.AddsTag)
            .WithMessage($"A tag has at most {BulkUpdateTicketsCommand.MaxTagLength} characters.");
        RuleForEach(c => c.CategoryByTicket)
            .Must(p => !string.IsNullOrWhiteSpace(p.Value) && p.Value.Length <= BulkUpdateTicketsCommand.MaxCategoryLength)
            .When(c => c.SetsCategories)
            .WithMessage($"A category has 1 to {BulkUpdateTicketsCommand.MaxCategoryLength} characters.");
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
    ITicketOutbox outbox,
    ITicketListReader lists,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock,
    ITicketFollowers followers)
    : ICommandHandler<BulkUpdateTicketsCommand, BulkUpdateResult>
{
    public const string AuditAction = "ticket.bulk_update";

    public const string NoCategoryMessage =
        "No suggested category: the ticket has a category already, holds health information you may not see, or no model is in use.";

    public async ValueTask<BulkUpdateResult> Handle(BulkUpdateTicketsCommand command, CancellationToken cancellationToken)
    {
        var change = await RequestedChange.ResolveAsync(command, lists, cancellationToken);
        var ids = command.TicketIds.Distinct().ToList();

        // Changes to one ticket reach the remote in the order they were made: behind queued ones, these queue too.
        var behind = (await outbox.GetPendingUpdatesAsync(ids, cancellationToken)).Select(w => w.TicketId).OfType<Guid>().ToHashSet();
        var outcomes = new List<BulkTicketOutcome>();
        string? outage = null;
        string? stopReason = null;
        var cancelled = false;
        try
        {
            foreach (var id in ids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var cached = await tickets.FindAsync(id, cancellationToken);
                if (cached is null)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, null, "Not found: the ticket is no longer in the dashboard."));
                }
                else if (command.SetsCategories && !command.CategoryByTicket!.ContainsKey(id))
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, NoCategoryMessage));
                }
                else if (!command.ChangesRemote)
                {
                    // Only following: nothing for Championship IT, so neither an outage nor a queue concerns it.
                    outcomes.Add(BulkTicketOutcome.Of(cached, BulkOutcome.Unchanged));
                }
                else if (stopReason is not null)
                {
                    outcomes.Add(BulkTicketOutcome.Failure(id, cached, $"Not tried: {stopReason}"));
                }
                else if (outage is not null || behind.Contains(id))
                {
                    outcomes.Add(await QueueAsync(cached, change.WithCategoryOf(id, command), outage ?? "Earlier changes to this ticket are still waiting for Championship IT."));
                }
                else
                {
                    try
                    {
                        outcomes.Add(await SendAsync(cached, change.WithCategoryOf(id, command), cancellationToken));
                    }
                    catch (Exception ex) when (OutboxPayload.IsOutage(ex))
                    {
                        // After an outage the remaining tickets would each wait out the client's
                        // retries for the same answer: they queue at once instead. The PATCH may
                        // or may not have arrived; the outbox reads the ticket before sending again.
                        outage = ex.Message;
                        outcomes.Add(await QueueAsync(cached, change.WithCategoryOf(id, command), outage));
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
                        // Not an outage: switched off or not configured, which waiting will not mend.
                        outcomes.Add(BulkTicketOutcome.Failure(id, cached, ex.Message));
                        stopReason = ex.Message;
                    }
                    catch (RemoteUnauthorizedException ex)
                    {
                        outcomes.Add(BulkTicketOutcome.Failure(id, cached, ex.Message));
                        stopReason = "Championship IT refused the dashboard's API key.";
                    }
                }

                if (command.Follow is { } follow && outcomes[^1] is { Succeeded: true } done)
                {
                    outcomes[^1] = await FollowAsync(done, follow);
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

    private async Task<BulkTicketOutcome> SendAsync(Ticket cached, RequestedChange change, CancellationToken cancellationToken)
    {
        var patch = change.Patch;
        Ticket? current = null;
        if (change.Tag is { } tag)
        {
            // Tags are replaced as a whole: read them from the remote, not the cache, so a tag added
            // there a moment ago is kept.
            current = (await remote.GetTicketAsync(cached.ExternalTicketId, cancellationToken)).Ticket;
            if (!current.Tags.Contains(tag, StringComparer.Ordinal))
            {
                patch = patch with { Tags = (string[])[.. current.Tags, tag] };
            }
        }

        if (patch.IsEmpty)
        {
            await StoreAsync(current!);
            return BulkTicketOutcome.Of(cached, BulkOutcome.Unchanged);
        }

        var answer = await remote.UpdateTicketAsync(cached.ExternalTicketId, patch, cancellationToken);

        // Stored one by one, so a cancelled request keeps the changes the remote already made.
        await StoreAsync(answer.Ticket);
        return BulkTicketOutcome.Of(cached, BulkOutcome.Updated);
    }

    /// <summary>The change, computed against the cached ticket, in the outbox with its audit entry.</summary>
    private async Task<BulkTicketOutcome> QueueAsync(Ticket cached, RequestedChange change, string reason)
    {
        var before = TicketEditableFields.Of(cached);
        var after = change.Over(before);
        var changed = after.ChangedFrom(before);
        string[]? addTags = change.Tag is { } tag && !cached.Tags.Contains(tag, StringComparer.Ordinal) ? [tag] : null;
        if (changed.Count == 0 && addTags is null)
        {
            return BulkTicketOutcome.Of(cached, BulkOutcome.Unchanged);
        }

        var summary = string.Join(", ", new[] { changed.Count > 0 ? after.Describe(changed) : null, addTags is null ? null : $"tag + {addTags[0]}" }.OfType<string>());
        var write = new PendingTicketWrite
        {
            IdempotencyKey = Guid.NewGuid(),
            Kind = PendingWriteKind.Update,
            TicketId = cached.Id,
            ExternalTicketId = cached.ExternalTicketId,
            TicketNumber = cached.TicketNumber,
            Summary = summary,
            PayloadJson = OutboxPayload.Of(new QueuedUpdate(before, after, addTags)),
            AuthorUserId = user.UserId,
            QueuedAt = clock.GetUtcNow(),
            State = PendingWriteState.Pending,
            LastError = reason,
        };
        await outbox.EnqueueAsync(
            write,
            UpdateTicketHandler.AuditAction,
            new
            {
                TicketId = cached.Id,
                cached.TicketNumber,
                Queued = true,
                Bulk = true,
                Reason = reason,
                Changes = changed.ToDictionary(f => f, f => new { Old = before.AuditValue(f), New = after.AuditValue(f) }),
                AddTags = addTags,
            },
            CancellationToken.None);
        return BulkTicketOutcome.Of(cached, BulkOutcome.Queued);
    }

    /// <summary>
    /// The user's choice recorded for a ticket whose other changes went through (or were queued); a
    /// ticket that had nothing else to change counts as changed when its follow state did.
    /// </summary>
    private async Task<BulkTicketOutcome> FollowAsync(BulkTicketOutcome done, bool follow)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException();
        var before = await followers.GetAsync(done.TicketId, userId, CancellationToken.None);
        var after = await followers.SetAsync(done.TicketId, userId, follow, clock.GetUtcNow(), CancellationToken.None);
        if (after is null)
        {
            return done with { Outcome = BulkOutcome.Failed, Error = "Not found: the ticket is no longer in the dashboard." };
        }

        return done.Outcome == BulkOutcome.Unchanged && before?.Following != after.Following ? done with { Outcome = BulkOutcome.Updated } : done;
    }

    private Task<UpsertResult> StoreAsync(Ticket ticket) =>
        tickets.UpsertManyAsync([ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None, user.UserId);

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
                    AddTag = command.AddsTag ? command.AddTag!.Trim() : null,
                    command.Follow,
                    Categories = command.CategoryByTicket,
                },
                Selected = command.TicketIds.Distinct().Count(),
                Succeeded = outcomes.Count(o => o.Succeeded),
                Queued = outcomes.Count(o => o.Outcome == BulkOutcome.Queued),
                Failed = outcomes.Count(o => !o.Succeeded),
                Cancelled = cancelled,
                Tickets = outcomes.Select(o => new { o.TicketId, o.TicketNumber, Outcome = o.Outcome.ToString().ToLowerInvariant(), o.Error }).ToList(),
            },
            CancellationToken.None);

    /// <summary>What the command asks for, with the assignee's name looked up once for every ticket.</summary>
    private sealed record RequestedChange(RemoteTicketUpdate Patch, TicketStatus? Status, TicketPriority? Priority, bool ChangesAssignee, string? AssigneeId, string? AssigneeName, string? Tag)
    {
        public string? Category { get; private init; }

        /// <summary>This change with the ticket's own category, when the command sets one per ticket.</summary>
        public RequestedChange WithCategoryOf(Guid id, BulkUpdateTicketsCommand command) =>
            command.CategoryByTicket?.TryGetValue(id, out var category) == true
                ? this with { Patch = Patch with { Category = category.Trim() }, Category = category.Trim() }
                : this;

        public static async Task<RequestedChange> ResolveAsync(BulkUpdateTicketsCommand command, ITicketListReader lists, CancellationToken cancellationToken)
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

            string? id = null, name = null;
            if (command.ChangesAssignee)
            {
                (id, name) = string.Equals(command.AssigneeId!.Trim(), BulkUpdateTicketsCommand.Unassign, StringComparison.Ordinal)
                    ? (null, null)
                    : await AssigneeDirectory.ResolveAsync(command.AssigneeId, null, lists, nameof(BulkUpdateTicketsCommand.AssigneeId), cancellationToken);
                patch = patch with { AssigneeId = id, AssigneeName = name };
            }

            return new RequestedChange(patch, command.Status, command.Priority, command.ChangesAssignee, id, name, command.AddsTag ? command.AddTag!.Trim() : null);
        }

        /// <summary><paramref name="current"/> with the requested fields set.</summary>
        public TicketEditableFields Over(TicketEditableFields current) => current with
        {
            Status = Status ?? current.Status,
            Priority = Priority ?? current.Priority,
            AssigneeId = ChangesAssignee ? AssigneeId : current.AssigneeId,
            AssigneeName = ChangesAssignee ? AssigneeName : current.AssigneeName,
            Category = Category ?? current.Category,
        };
    }
}
