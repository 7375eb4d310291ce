using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Tickets;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Tickets.Commands.UpdateTicket;

/// <summary>
/// Saves the detail page's edit form through Championship IT. <see cref="ExpectedUpdatedAt"/> is the
/// <c>updated_at</c> of the version the form was loaded with, and <see cref="Original"/> the values it
/// showed then. When the remote has moved on since, only what the user changed is merged in, over
/// what the remote holds now; a field both the user and someone else changed is a conflict: nothing
/// is sent and the user chooses, field by field, whose value to keep (<see cref="Resolve"/>). Without
/// <see cref="Original"/> (the list's forms) any change at the remote is a conflict, as before.
/// An empty <see cref="AssigneeId"/> means unassigned; <see cref="DueDate"/> is UTC. The fields added
/// for the full form (<see cref="Title"/>, <see cref="Description"/>, <see cref="Tags"/>,
/// <see cref="CustomFields"/>) are left alone when null: a form that does not show them does not send them.
/// </summary>
public sealed record UpdateTicketCommand : ICommand<UpdateTicketResult>, ITicketWrite
{
    /// <summary>A <see cref="Resolve"/> value: keep the value Championship IT holds now.</summary>
    public const string KeepTheirs = "theirs";

    /// <summary>A <see cref="Resolve"/> value: save the user's value over it.</summary>
    public const string KeepMine = "mine";

    public Guid Id { get; init; }

    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [Id];

    public DateTimeOffset ExpectedUpdatedAt { get; init; }

    /// <summary>Null: this form does not edit the title (an emptied title field is "" and refused).</summary>
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Title { get; init; }

    /// <summary>Null: this form does not edit the description; blank clears it. Plain text, line breaks kept.</summary>
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Description { get; init; }

    public TicketStatus Status { get; init; }

    public TicketPriority Priority { get; init; }

    public string? AssigneeId { get; init; }

    public string? Category { get; init; }

    public string? Department { get; init; }

    public DateTimeOffset? DueDate { get; init; }

    /// <summary>The tags, comma-separated (the chip input writes them so). Null: not edited; blank: none.</summary>
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Tags { get; init; }

    /// <summary>The custom fields editor's rows (blank rows ignored). Null: not edited.</summary>
    public IReadOnlyList<CustomFieldInput>? CustomFields { get; init; }

    /// <summary>The values the form was loaded with, as <see cref="OriginalOf"/> wrote them; null for a form without them.</summary>
    public string? Original { get; init; }

    /// <summary>After a conflict: the fields the user must choose for (each needs a <see cref="Resolve"/> entry).</summary>
    public IReadOnlyList<string>? Conflicts { get; init; }

    /// <summary>After a conflict: per field, <see cref="KeepTheirs"/> or <see cref="KeepMine"/>.</summary>
    public Dictionary<string, string>? Resolve { get; init; }

    /// <summary>
    /// Off: when Championship IT cannot be reached, the <see cref="RemoteUnavailableException"/> is thrown instead
    /// of the change being queued in the outbox, for a sender that retries by itself and decides afresh (the
    /// triage assistant). A change behind earlier queued ones still queues, so one ticket's writes stay in order.
    /// </summary>
    public bool QueueWhenUnreachable { get; init; } = true;

    /// <summary>The list's form for a cached ticket, as loaded: the six fields it shows.</summary>
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

    /// <summary>
    /// The detail page's form: every field, loaded from <paramref name="ticket"/> (or showing
    /// <paramref name="values"/>, e.g. the user's own after a conflict) with the ticket's version as its original.
    /// </summary>
    public static UpdateTicketCommand Everything(Ticket ticket, TicketEditableFields? values = null)
    {
        var v = values ?? TicketEditableFields.Of(ticket);
        return new()
        {
            Id = ticket.Id,
            ExpectedUpdatedAt = ticket.UpdatedAt,
            Title = v.Title ?? ticket.Title,
            Description = v.Description ?? "",
            Status = v.Status,
            Priority = v.Priority,
            AssigneeId = v.AssigneeId,
            Category = v.Category,
            Department = v.Department,
            DueDate = v.DueDate,
            Tags = string.Join(", ", TicketEditableFields.TagList(v.Tags)),
            CustomFields = CustomFieldValues.Rows(v.CustomFieldsJson),
            Original = OriginalOf(ticket),
        };
    }

    /// <summary>The <see cref="Original"/> of a form loaded from <paramref name="ticket"/>.</summary>
    public static string OriginalOf(Ticket ticket) => JsonSerializer.Serialize(TicketEditableFields.Of(ticket), OriginalJson);

    /// <summary>The values the form was loaded with; null for a form without them. <see cref="JsonException"/> when unreadable.</summary>
    public TicketEditableFields? OriginalValues() =>
        string.IsNullOrWhiteSpace(Original) ? null : JsonSerializer.Deserialize<TicketEditableFields>(Original, OriginalJson);

    /// <summary>The fields the user chose to leave as Championship IT holds them after a conflict.</summary>
    public IReadOnlySet<string> KeptTheirs() =>
        Resolve is null
            ? new HashSet<string>()
            : Resolve.Where(p => p.Value == KeepTheirs).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// What the user asked for; the fields this form does not edit are <paramref name="baseline"/>'s
    /// values, and the assignee's name is filled in once it is resolved. <see cref="ValidationException"/>
    /// for custom fields that cannot be JSON (the validator has said so already).
    /// </summary>
    public TicketEditableFields Requested(TicketEditableFields baseline, string? assigneeName = null)
    {
        string? customFields = baseline.CustomFieldsJson;
        if (CustomFields is not null)
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            customFields = CustomFieldValues.ToJson(CustomFields, errors)
                ?? throw new ValidationException(errors.ToDictionary(p => p.Key, p => p.Value.ToArray()));
        }

        return new TicketEditableFields(
            Status,
            Priority,
            TicketEditableFields.Text(AssigneeId),
            assigneeName,
            TicketEditableFields.Text(Category),
            TicketEditableFields.Text(Department),
            DueDate,
            Title ?? baseline.Title,
            Description ?? baseline.Description,
            Tags is null ? baseline.Tags : TicketEditableFields.ParseTags(Tags),
            customFields);
    }

    /// <summary>The fields the user changed in the form, against what it was loaded with (or, without that, <paramref name="current"/>).</summary>
    public IReadOnlyList<string> Edits(TicketEditableFields current)
    {
        var reference = OriginalValues() ?? current;
        var kept = KeptTheirs();
        return [.. Requested(reference).ChangedFrom(reference).Where(f => !kept.Contains(f))];
    }

    private static readonly JsonSerializerOptions OriginalJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

public enum UpdateTicketOutcome
{
    /// <summary>The remote took the change and the cache holds its answer.</summary>
    Saved,

    /// <summary>The remote already holds these values: nothing was sent.</summary>
    NothingChanged,

    /// <summary>
    /// The ticket changed at the remote since the form was loaded, in a field the user changed too (any
    /// field, for a form without its original values): nothing was sent, the cache now holds the current version.
    /// </summary>
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
/// <see cref="Before"/> is the remote's current values and <see cref="After"/> what the user asked for
/// (merged over the current values where they changed nothing), and <see cref="Fields"/> lists the
/// fields to choose for (what was not saved).
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
    public const string IncompleteFormMessage = "The form is incomplete: reload the ticket and try again.";

    public UpdateTicketValidator(ITicketRepository tickets)
    {
        RuleFor(c => c.Id).NotEmpty().WithMessage("Choose a ticket to change.");
        RuleFor(c => c.ExpectedUpdatedAt).NotEmpty().WithMessage(IncompleteFormMessage);
        RuleFor(c => c.Title)
            .Must(t => t is null || !string.IsNullOrWhiteSpace(t)).WithMessage("Enter a title.")
            .Must(t => t is null || t.Trim().Length <= TicketEditableFields.MaxTitleLength)
            .WithMessage($"The title can be at most {TicketEditableFields.MaxTitleLength} characters.");

        // The contract's limit is 64 KiB of text; counted in UTF-8 bytes, the stricter reading.
        RuleFor(c => c.Description)
            .Must(d => d is null || Encoding.UTF8.GetByteCount(d) <= TicketEditableFields.MaxDescriptionBytes)
            .WithMessage("The description can be at most 64 KiB (about 65,000 characters of plain text).");
        RuleFor(c => c.Status).IsInEnum().WithMessage("Choose a status from the list.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose a priority from the list.");
        RuleFor(c => c.AssigneeId).MaximumLength(TicketEditableFields.MaxAssigneeIdLength).WithMessage(AssigneeDirectory.UnknownAssigneeMessage);
        RuleFor(c => c.Category).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The category can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Department).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The department can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Tags)
            .Must(t => TicketEditableFields.ParseTags(t).Count <= TicketEditableFields.MaxTags)
            .WithMessage($"Enter at most {TicketEditableFields.MaxTags} tags.")
            .Must(t => TicketEditableFields.ParseTags(t).All(tag => tag.Length <= TicketEditableFields.MaxTagLength))
            .WithMessage($"Each tag can be at most {TicketEditableFields.MaxTagLength} characters.");

        RuleFor(c => c).Custom((command, context) =>
        {
            if (command.CustomFields is { } rows)
            {
                var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                CustomFieldValues.ToJson(rows, errors);
                foreach (var (property, messages) in errors)
                {
                    messages.ForEach(m => context.AddFailure(new ValidationFailure(property, m)));
                }
            }

            foreach (var field in command.Conflicts ?? [])
            {
                if (command.Resolve?.GetValueOrDefault(field) is not (UpdateTicketCommand.KeepTheirs or UpdateTicketCommand.KeepMine))
                {
                    context.AddFailure(new ValidationFailure(
                        $"Resolve[{field}]", $"Choose which {TicketEditableFields.Label(field)} to keep: the current one or yours."));
                }
            }
        });

        // Compared with what the form was loaded with (or the cache, which is what it was loaded
        // from); the handler compares again with the remote, which is what the PATCH is computed against.
        RuleFor(c => c).CustomAsync(async (command, context, cancellationToken) =>
        {
            if (command.Id == Guid.Empty || await tickets.FindAsync(command.Id, cancellationToken) is not { } cached)
            {
                return;
            }

            IReadOnlyList<string> edits;
            try
            {
                edits = command.Edits(TicketEditableFields.Of(cached));
            }
            catch (JsonException)
            {
                context.AddFailure(new ValidationFailure(string.Empty, IncompleteFormMessage));
                return;
            }
            catch (ValidationException)
            {
                // Custom fields that cannot be JSON: the rule above has said so, field by field.
                return;
            }

            if (edits.Count == 0 && (command.Conflicts ?? []).Count == 0)
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

    /// <summary>The outbox's summary column holds this much.</summary>
    private const int MaxSummaryLength = 500;

    private static readonly IReadOnlySet<string> FormFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(UpdateTicketCommand.Title), nameof(UpdateTicketCommand.Description), nameof(UpdateTicketCommand.Status),
        nameof(UpdateTicketCommand.Priority), nameof(UpdateTicketCommand.AssigneeId), nameof(UpdateTicketCommand.Category),
        nameof(UpdateTicketCommand.Department), nameof(UpdateTicketCommand.DueDate), nameof(UpdateTicketCommand.Tags),
        nameof(UpdateTicketCommand.CustomFields),
    };

    public async ValueTask<UpdateTicketResult> Handle(UpdateTicketCommand command, CancellationToken cancellationToken)
    {
        var cached = await tickets.FindAsync(command.Id, cancellationToken) ?? throw new NotFoundException("Ticket", command.Id);

        // Writes to one ticket reach the remote in the order they were made: behind queued ones, this one queues too.
        if ((await outbox.GetPendingUpdatesAsync([cached.Id], cancellationToken)).Count > 0)
        {
            return await QueueAsync(command, cached, "Earlier changes to this ticket are still waiting for Championship IT.", cancellationToken);
        }

        RemoteTicketResult current;
        try
        {
            current = await CallRemoteAsync(cached, () => remote.GetTicketAsync(cached.ExternalTicketId, cancellationToken));
        }
        catch (Exception ex) when (OutboxPayload.IsOutage(ex) && command.QueueWhenUnreachable)
        {
            return await QueueAsync(command, cached, ex.Message, cancellationToken);
        }

        var plan = await PlanAsync(command, current.Ticket, cancellationToken);
        if (plan.Outcome != UpdateTicketOutcome.Saved)
        {
            if (plan.Outcome == UpdateTicketOutcome.Conflict)
            {
                await StoreAsync(current.Ticket);
            }

            return plan;
        }

        RemoteTicketResult answer;
        try
        {
            answer = await CallRemoteAsync(
                cached,
                () => remote.UpdateTicketAsync(current.Ticket.ExternalTicketId, plan.After.PatchFrom(plan.Before), cancellationToken));
        }
        catch (Exception ex) when (OutboxPayload.IsOutage(ex) && command.QueueWhenUnreachable)
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
                Changes = plan.Fields.ToDictionary(f => f, f => new { Old = plan.Before.AuditValue(f), New = saved.AuditValue(f) }),
            },
            CancellationToken.None);

        return new UpdateTicketResult(UpdateTicketOutcome.Saved, answer.Ticket, plan.Before, saved, plan.Fields);
    }

    /// <summary>
    /// What saving the form over <paramref name="baseline"/> (the remote's version, or the cache's when
    /// the remote is down) comes to. <see cref="UpdateTicketOutcome.Saved"/> means "send
    /// <see cref="UpdateTicketResult.Fields"/> from Before to After"; a conflict lists the fields both
    /// sides changed, with the user's wishes merged over the baseline in After.
    /// </summary>
    private async Task<UpdateTicketResult> PlanAsync(UpdateTicketCommand command, Ticket baseline, CancellationToken cancellationToken)
    {
        var now = TicketEditableFields.Of(baseline);
        var original = command.OriginalValues();
        var reference = original ?? now;
        var kept = command.KeptTheirs();
        var (_, assigneeName) = await ResolveAssigneeAsync(command, baseline, cancellationToken);
        var mine = command.Requested(reference, assigneeName);
        var edits = mine.ChangedFrom(reference).Where(f => !kept.Contains(f)).ToList();
        var wanted = mine.Over(now, edits);

        if (baseline.UpdatedAt != command.ExpectedUpdatedAt)
        {
            IReadOnlyList<string> conflicts = original is null
                ? mine.ChangedFrom(now)
                : [.. edits.Where(f => !now.Same(f, original) && !mine.Same(f, now))];
            if (original is null || conflicts.Count > 0)
            {
                return new UpdateTicketResult(UpdateTicketOutcome.Conflict, baseline, now, original is null ? mine : wanted, conflicts);
            }
        }

        var changed = wanted.ChangedFrom(now);
        return changed.Count == 0
            ? new UpdateTicketResult(UpdateTicketOutcome.NothingChanged, baseline, now, now, [])
            : new UpdateTicketResult(UpdateTicketOutcome.Saved, baseline, now, wanted, changed);
    }

    /// <summary>
    /// Stores the change in the outbox with its audit entry, computed against <paramref name="baseline"/>
    /// (the remote's version when it answered the read, else the cache's), merged as it would be with
    /// the remote up.
    /// </summary>
    private async Task<UpdateTicketResult> QueueAsync(UpdateTicketCommand command, Ticket baseline, string reason, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(command, baseline, cancellationToken);
        if (plan.Outcome != UpdateTicketOutcome.Saved)
        {
            return plan;
        }

        var summary = plan.After.Describe(plan.Fields);
        var write = new PendingTicketWrite
        {
            IdempotencyKey = Guid.NewGuid(),
            Kind = PendingWriteKind.Update,
            TicketId = command.Id,
            ExternalTicketId = baseline.ExternalTicketId,
            TicketNumber = baseline.TicketNumber,
            Summary = summary.Length <= MaxSummaryLength ? summary : summary[..(MaxSummaryLength - 1)] + "…",
            PayloadJson = OutboxPayload.Of(new QueuedUpdate(plan.Before, plan.After)),
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
                Changes = plan.Fields.ToDictionary(f => f, f => new { Old = plan.Before.AuditValue(f), New = plan.After.AuditValue(f) }),
            },
            CancellationToken.None);
        return plan with { Outcome = UpdateTicketOutcome.Queued };
    }

    /// <summary>
    /// The assignee the form asks for, resolved to a name. An assignee the user did not change is not
    /// looked up (it may have left the list since); an unknown one the user chose is refused.
    /// </summary>
    private async Task<(string? Id, string? Name)> ResolveAssigneeAsync(UpdateTicketCommand command, Ticket current, CancellationToken cancellationToken)
    {
        var original = command.OriginalValues();
        if (original is not null && string.Equals(TicketEditableFields.Text(command.AssigneeId), TicketEditableFields.Text(original.AssigneeId), StringComparison.Ordinal))
        {
            return (original.AssigneeId, original.AssigneeName);
        }

        return await AssigneeDirectory.ResolveAsync(command.AssigneeId, current, lists, nameof(UpdateTicketCommand.AssigneeId), cancellationToken);
    }

    private Task<UpsertResult> StoreAsync(Ticket ticket) =>
        tickets.UpsertManyAsync([ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None, user.UserId);

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
