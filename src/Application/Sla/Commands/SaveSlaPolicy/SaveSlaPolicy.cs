using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sla.Commands.SaveSlaPolicy;

/// <summary>
/// Creates an SLA policy (<see cref="Id"/> null) or changes one (admins only). Targets are whole hours and
/// minutes as the form gives them; saving queues a recompute of every ticket's SLA. Returns the policy's id.
/// </summary>
public sealed record SaveSlaPolicyCommand : ICommand<Guid>, IAdminRequest
{
    public Guid? Id { get; init; }

    public string? Name { get; init; }

    public int Position { get; init; }

    public bool IsDefault { get; init; }

    public List<TicketPriority> Priorities { get; init; } = [];

    public string? Category { get; init; }

    public string? Department { get; init; }

    public string? Tag { get; init; }

    public int FirstResponseHours { get; init; }

    public int FirstResponseMinutes { get; init; }

    public int ResolutionHours { get; init; }

    public int ResolutionMinutes { get; init; }

    public bool BusinessHours { get; init; }

    public Guid? CalendarId { get; init; }

    public bool PauseWhileWaiting { get; init; } = true;

    public int FirstResponseTotalMinutes => (FirstResponseHours * 60) + FirstResponseMinutes;

    public int ResolutionTotalMinutes => (ResolutionHours * 60) + ResolutionMinutes;

    /// <summary>The form's values for an existing policy.</summary>
    public static SaveSlaPolicyCommand For(SlaPolicy policy) => new()
    {
        Id = policy.Id,
        Name = policy.Name,
        Position = policy.Position,
        IsDefault = policy.IsDefault,
        Priorities = [.. policy.Priorities],
        Category = policy.Category,
        Department = policy.Department,
        Tag = policy.Tag,
        FirstResponseHours = policy.FirstResponseMinutes / 60,
        FirstResponseMinutes = policy.FirstResponseMinutes % 60,
        ResolutionHours = policy.ResolutionMinutes / 60,
        ResolutionMinutes = policy.ResolutionMinutes % 60,
        BusinessHours = policy.BusinessHours,
        CalendarId = policy.CalendarId,
        PauseWhileWaiting = policy.PauseWhileWaiting,
    };
}

public sealed class SaveSlaPolicyValidator : AbstractValidator<SaveSlaPolicyCommand>
{
    /// <summary>A year of minutes: longer targets are typing mistakes.</summary>
    public const int MaxTargetMinutes = 365 * 24 * 60;

    public SaveSlaPolicyValidator(ISlaRepository sla)
    {
        RuleFor(c => c.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.")
            .Must(n => n is null || n.Trim().Length <= SlaPolicy.MaxNameLength).WithMessage($"The name can be at most {SlaPolicy.MaxNameLength} characters.")
            .MustAsync(async (command, name, ct) => string.IsNullOrWhiteSpace(name) || !await sla.PolicyNameTakenAsync(name.Trim(), command.Id, ct))
            .WithMessage("Another policy already has this name.");
        RuleFor(c => c.Position).InclusiveBetween(0, 10_000).WithMessage("The order is a number from 0 to 10,000.");
        RuleForEach(c => c.Priorities).IsInEnum().WithMessage("Choose priorities from the list.");
        RuleFor(c => c.Category).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The category can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Department).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The department can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Tag).MaximumLength(100).WithMessage("The tag can be at most 100 characters.");
        RuleFor(c => c.FirstResponseHours).GreaterThanOrEqualTo(0).WithMessage("Hours cannot be negative.");
        RuleFor(c => c.FirstResponseMinutes).InclusiveBetween(0, 59).WithMessage("Minutes are from 0 to 59.");
        RuleFor(c => c.ResolutionHours).GreaterThanOrEqualTo(0).WithMessage("Hours cannot be negative.");
        RuleFor(c => c.ResolutionMinutes).InclusiveBetween(0, 59).WithMessage("Minutes are from 0 to 59.");
        RuleFor(c => c.FirstResponseTotalMinutes).InclusiveBetween(1, MaxTargetMinutes).OverridePropertyName(nameof(SaveSlaPolicyCommand.FirstResponseHours))
            .WithMessage("Enter a first-response target between 1 minute and a year.");
        RuleFor(c => c.ResolutionTotalMinutes).InclusiveBetween(1, MaxTargetMinutes).OverridePropertyName(nameof(SaveSlaPolicyCommand.ResolutionHours))
            .WithMessage("Enter a resolution target between 1 minute and a year.");
        RuleFor(c => c.ResolutionTotalMinutes).GreaterThanOrEqualTo(c => c.FirstResponseTotalMinutes).OverridePropertyName(nameof(SaveSlaPolicyCommand.ResolutionHours))
            .WithMessage("The resolution target cannot be shorter than the first-response target.");
        RuleFor(c => c.CalendarId)
            .NotNull().When(c => c.BusinessHours).WithMessage("Choose the business-hours calendar.")
            .MustAsync(async (id, ct) => id is null || await sla.FindCalendarAsync(id.Value, ct) is not null).WithMessage("That calendar no longer exists.");
    }
}

public sealed class SaveSlaPolicyHandler(ISlaRepository sla, IAuditLog audit, TimeProvider clock) : ICommandHandler<SaveSlaPolicyCommand, Guid>
{
    public const string CreatedAction = "sla_policy.create";
    public const string UpdatedAction = "sla_policy.update";

    public async ValueTask<Guid> Handle(SaveSlaPolicyCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = command.Id is { } id
            ? await sla.FindPolicyAsync(id, cancellationToken) ?? throw new NotFoundException("SLA policy", id)
            : new SlaPolicy { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now };

        policy.Name = command.Name!.Trim();
        policy.Position = command.Position;
        policy.IsDefault = command.IsDefault;
        policy.Priorities = [.. command.Priorities.Distinct().Order()];
        policy.Category = Text(command.Category);
        policy.Department = Text(command.Department);
        policy.Tag = Text(command.Tag);
        policy.FirstResponseMinutes = command.FirstResponseTotalMinutes;
        policy.ResolutionMinutes = command.ResolutionTotalMinutes;
        policy.BusinessHours = command.BusinessHours;
        policy.CalendarId = command.CalendarId;
        policy.PauseWhileWaiting = command.PauseWhileWaiting;
        policy.UpdatedAt = now;

        await sla.SavePolicyAsync(policy, command.Id is null, cancellationToken);
        await audit.WriteAsync(
            command.Id is null ? CreatedAction : UpdatedAction,
            "sla_policy",
            policy.Id.ToString(),
            new
            {
                name = policy.Name,
                position = policy.Position,
                is_default = policy.IsDefault,
                priorities = policy.Priorities.Select(WireName<TicketPriority>.Of).ToArray(),
                category = policy.Category,
                department = policy.Department,
                tag = policy.Tag,
                first_response_minutes = policy.FirstResponseMinutes,
                resolution_minutes = policy.ResolutionMinutes,
                business_hours = policy.BusinessHours,
                calendar_id = policy.CalendarId,
                pause_while_waiting = policy.PauseWhileWaiting,
            },
            cancellationToken);
        return policy.Id;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
