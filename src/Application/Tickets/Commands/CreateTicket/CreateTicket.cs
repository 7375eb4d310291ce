using System.Text;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands.CreateTicket;

/// <summary>
/// Files a new ticket at Championship IT and mirrors the answer. <see cref="IdempotencyKey"/> is
/// chosen when the form is rendered, so a double click, a retry after a timeout or a resubmitted
/// form all carry the same key and the remote creates the ticket once. <see cref="Tags"/> is the
/// form's comma-separated text; <see cref="DueDate"/> is UTC. The requester is the signed-in user,
/// unless <see cref="OnBehalf"/> names someone else.
/// </summary>
public sealed record CreateTicketCommand : ICommand<CreateTicketResult>, ITicketWrite
{
    /// <summary>None yet: the result names the new ticket (<see cref="CreateTicketResult"/>).</summary>
    IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [];

    public Guid IdempotencyKey { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public TicketPriority? Priority { get; init; }

    public string? Category { get; init; }

    public string? Department { get; init; }

    public DateTimeOffset? DueDate { get; init; }

    public string? Tags { get; init; }

    /// <summary>The text of a JSON object (<see cref="CustomFieldsInput"/>); empty for none.</summary>
    public string? CustomFields { get; init; }

    /// <summary>Filed for someone else, named by <see cref="RequesterName"/> and <see cref="RequesterEmail"/>.</summary>
    public bool OnBehalf { get; init; }

    public string? RequesterName { get; init; }

    public string? RequesterEmail { get; init; }

    /// <summary>The tags of the comma-separated text: trimmed, blanks dropped, each once.</summary>
    public static IReadOnlyList<string> ParseTags(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// The ticket as created (or, for a repeated key, as first created). <see cref="TicketId"/> is its id
/// in the cache, null only when the cache has lost it again already (deleted meanwhile).
/// <see cref="Queued"/>: Championship IT could not be reached, so the ticket waits in the outbox
/// and has no number yet.
/// </summary>
public sealed record CreateTicketResult(Guid? TicketId, string? ExternalTicketId, string? TicketNumber, bool WasAlreadyCreated, bool Queued = false)
    : ITicketWriteResult
{
    IReadOnlyCollection<Guid> ITicketWriteResult.WrittenTicketIds => TicketId is { } id ? [id] : [];

    public static CreateTicketResult QueuedForLater { get; } = new(null, null, null, WasAlreadyCreated: false, Queued: true);
}

public sealed class CreateTicketValidator : AbstractValidator<CreateTicketCommand>
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionBytes = 64 * 1024;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    public CreateTicketValidator(TimeProvider clock)
    {
        RuleFor(c => c.IdempotencyKey).NotEmpty().WithMessage("This form has expired: reload the page and fill it in again.");
        RuleFor(c => c.Title)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Enter a title.")
            .Must(t => t is null || t.Trim().Length <= MaxTitleLength).WithMessage($"The title can be at most {MaxTitleLength} characters.");
        RuleFor(c => c.Priority)
            .NotNull().WithMessage("Choose a priority.")
            .IsInEnum().WithMessage("Choose a priority from the list.");

        // The contract's limit is 64 KiB of text; counted in UTF-8 bytes, the stricter reading.
        RuleFor(c => c.Description)
            .Must(d => d is null || Encoding.UTF8.GetByteCount(d) <= MaxDescriptionBytes)
            .WithMessage("The description can be at most 64 KiB (about 65,000 characters of plain text).");
        RuleFor(c => c.Category).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The category can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Department).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The department can be at most {TicketEditableFields.MaxTextLength} characters.");

        // The form picks minutes: the minute that is under way still counts as "now", not the past.
        RuleFor(c => c.DueDate)
            .Must(d => d is null || d.Value >= clock.GetUtcNow().AddMinutes(-1))
            .WithMessage("The due date cannot be in the past.");

        RuleFor(c => c.Tags)
            .Must(t => CreateTicketCommand.ParseTags(t).Count <= MaxTags).WithMessage($"Enter at most {MaxTags} tags.")
            .Must(t => CreateTicketCommand.ParseTags(t).All(tag => tag.Length <= MaxTagLength)).WithMessage($"Each tag can be at most {MaxTagLength} characters.");

        RuleFor(c => c.CustomFields)
            .Must(f => CustomFieldsInput.Problem(f) is null)
            .WithMessage((_, f) => CustomFieldsInput.Problem(f) ?? string.Empty);

        When(c => c.OnBehalf, () =>
        {
            RuleFor(c => c.RequesterName)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the name of the person you file this for.")
                .Must(n => n is null || n.Trim().Length <= MaxRequesterNameLength)
                .WithMessage($"The requester's name can be at most {MaxRequesterNameLength} characters.");
            RuleFor(c => c.RequesterEmail)
                .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter the e-mail address of the person you file this for.")
                .Must(e => e is null || IsEmailAddress(e.Trim())).WithMessage("Enter an e-mail address like name@example.org.");
        });
    }

    public const int MaxRequesterNameLength = 200;
    public const int MaxEmailLength = 254;

    /// <summary>One "@" with something on both sides, a dot in the domain, no spaces: what a person types, not all of RFC 5322.</summary>
    public static bool IsEmailAddress(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return value.Length <= MaxEmailLength && at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
            && value.IndexOf('.', at) is var dot && dot > at + 1 && dot < value.Length - 1
            && !value.Any(char.IsWhiteSpace) && !value.Any(char.IsControl);
    }
}

public sealed class CreateTicketHandler(
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketOutbox outbox,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock)
    : ICommandHandler<CreateTicketCommand, CreateTicketResult>
{
    public const string AuditAction = "ticket.create";

    private static readonly IReadOnlySet<string> FormFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(CreateTicketCommand.Title), nameof(CreateTicketCommand.Description), nameof(CreateTicketCommand.Priority),
        nameof(CreateTicketCommand.Category), nameof(CreateTicketCommand.Department), nameof(CreateTicketCommand.DueDate),
        nameof(CreateTicketCommand.Tags), nameof(CreateTicketCommand.CustomFields),
    };

    /// <summary>
    /// Filed on someone's behalf, the requester's fields are the user's to correct; otherwise the
    /// requester is the user's own account, and a refusal of it belongs in the summary.
    /// </summary>
    private static readonly IReadOnlySet<string> OnBehalfFormFields = new HashSet<string>(
        [.. FormFields, nameof(CreateTicketCommand.RequesterName), nameof(CreateTicketCommand.RequesterEmail)], StringComparer.Ordinal);

    public async ValueTask<CreateTicketResult> Handle(CreateTicketCommand command, CancellationToken cancellationToken)
    {
        var request = new RemoteTicketCreate(
            command.Title!.Trim(),
            command.Priority!.Value,
            Description: string.IsNullOrWhiteSpace(command.Description) ? null : command.Description,
            Category: TicketEditableFields.Text(command.Category),
            Department: TicketEditableFields.Text(command.Department),
            RequesterName: command.OnBehalf ? command.RequesterName!.Trim() : user.DisplayName,
            RequesterEmail: command.OnBehalf ? command.RequesterEmail!.Trim() : user.Email,
            DueDate: command.DueDate?.ToUniversalTime(),
            Tags: CreateTicketCommand.ParseTags(command.Tags),
            CustomFieldsJson: CustomFieldsInput.Normalize(command.CustomFields));

        RemoteCreatedTicket created;
        try
        {
            created = await remote.CreateTicketAsync(request, command.IdempotencyKey, cancellationToken);
        }
        catch (Exception ex) when (OutboxPayload.IsOutage(ex))
        {
            await QueueAsync(command, request, ex.Message);
            return CreateTicketResult.QueuedForLater;
        }
        catch (Exception ex) when (RemoteWriteErrors.TryTranslate(ex, command.OnBehalf ? OnBehalfFormFields : FormFields, out var failure))
        {
            throw failure;
        }

        var ticket = created.Ticket;

        // The ticket exists at the remote now: mirroring and auditing it must not stop halfway
        // because the browser went away.
        await tickets.UpsertManyAsync([ticket], ChangeSource.App, clock.GetUtcNow(), touchUnchanged: false, CancellationToken.None, user.UserId);

        // A replay is audited too: the first attempt may have timed out here after the remote had
        // created the ticket, and then this is the only record of who created it.
        await audit.WriteAsync(
            AuditAction,
            "ticket",
            ticket.ExternalTicketId,
            new
            {
                ticket.TicketNumber,
                IdempotencyKey = command.IdempotencyKey,
                Replay = created.IsReplay,
                New = new
                {
                    ticket.Title,
                    Priority = WireName<TicketPriority>.Of(ticket.Priority),
                    ticket.Category,
                    ticket.Department,
                    DueDate = ticket.DueDate?.ToUniversalTime(),
                    ticket.Tags,
                },
            },
            CancellationToken.None);

        return new CreateTicketResult(
            await tickets.FindIdAsync(ticket.ExternalTicketId, CancellationToken.None), ticket.ExternalTicketId, ticket.TicketNumber, created.IsReplay);
    }

    /// <summary>
    /// Championship IT is down: the ticket goes to the outbox with the form's Idempotency-Key (a form
    /// submitted twice is queued once) and its audit entry, and is filed when the remote answers.
    /// </summary>
    private Task QueueAsync(CreateTicketCommand command, RemoteTicketCreate request, string reason)
    {
        var write = new PendingTicketWrite
        {
            IdempotencyKey = command.IdempotencyKey,
            Kind = PendingWriteKind.Create,
            Summary = request.Title,
            PayloadJson = OutboxPayload.Of(request),
            AuthorUserId = user.UserId,
            QueuedAt = clock.GetUtcNow(),
            State = PendingWriteState.Pending,
            LastError = reason,
        };
        return outbox.EnqueueAsync(
            write,
            AuditAction,
            new
            {
                IdempotencyKey = command.IdempotencyKey,
                Queued = true,
                Reason = reason,
                New = new
                {
                    request.Title,
                    Priority = WireName<TicketPriority>.Of(request.Priority),
                    request.Category,
                    request.Department,
                    DueDate = request.DueDate,
                    request.Tags,
                },
            },
            CancellationToken.None);
    }
}
