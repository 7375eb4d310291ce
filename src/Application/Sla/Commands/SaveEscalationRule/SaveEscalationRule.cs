using FluentValidation;
using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Sla.Commands.SaveEscalationRule;

/// <summary>
/// Adds an escalation rule to an SLA policy (admins only). Only the fields of the chosen trigger and action
/// are kept. <see cref="Users"/> is a list of e-mail addresses separated by commas, spaces or lines.
/// </summary>
public sealed record SaveEscalationRuleCommand : ICommand<Guid>, IAdminRequest
{
    public Guid PolicyId { get; init; }

    public EscalationTarget Target { get; init; } = EscalationTarget.Resolution;

    public EscalationTrigger Trigger { get; init; } = EscalationTrigger.ElapsedPercent;

    public int? Percent { get; init; } = 75;

    public int? HoursAfterBreach { get; init; }

    public EscalationAction Action { get; init; } = EscalationAction.NotifyAssignee;

    public string? Role { get; init; }

    public string? Users { get; init; }

    public Guid? ChannelId { get; init; }

    public TicketPriority? Priority { get; init; }

    public string? AssigneeId { get; init; }

    public IReadOnlyList<string> UserList =>
        [.. (Users ?? string.Empty).Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(u => u.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}

public sealed class SaveEscalationRuleValidator : AbstractValidator<SaveEscalationRuleCommand>
{
    public const int MaxHoursAfterBreach = 24 * 30;

    public SaveEscalationRuleValidator(ISlaRepository sla, IChatChannelStore channels)
    {
        RuleFor(c => c.PolicyId)
            .MustAsync(async (id, ct) => await sla.FindPolicyAsync(id, ct) is not null).WithMessage("The policy no longer exists.");
        RuleFor(c => c.Target).IsInEnum().WithMessage("Choose the first response or the resolution.");
        RuleFor(c => c.Trigger).IsInEnum().WithMessage("Choose when the rule fires.");
        RuleFor(c => c.Action).IsInEnum().WithMessage("Choose what the rule does.");
        RuleFor(c => c.Percent)
            .NotNull().WithMessage("Enter the share of the target, from 1 to 99 %.")
            .InclusiveBetween(1, 99).WithMessage("Enter the share of the target, from 1 to 99 %.")
            .When(c => c.Trigger == EscalationTrigger.ElapsedPercent);
        RuleFor(c => c.HoursAfterBreach)
            .NotNull().WithMessage($"Enter the hours after the breach, from 1 to {MaxHoursAfterBreach}.")
            .InclusiveBetween(1, MaxHoursAfterBreach).WithMessage($"Enter the hours after the breach, from 1 to {MaxHoursAfterBreach}.")
            .When(c => c.Trigger == EscalationTrigger.HoursAfterBreach);
        RuleFor(c => c.Role)
            .Must(r => Roles.All.Contains(r ?? string.Empty, StringComparer.Ordinal)).WithMessage("Choose a role.")
            .When(c => c.Action == EscalationAction.NotifyRole);
        RuleFor(c => c.Users)
            .Must(u => new SaveEscalationRuleCommand { Users = u }.UserList.Count is > 0 and <= EscalationRule.MaxUsers)
            .WithMessage($"Enter between 1 and {EscalationRule.MaxUsers} e-mail addresses.")
            .Must(u => new SaveEscalationRuleCommand { Users = u }.UserList.All(e => e.Length <= 256 && e.IndexOf('@', StringComparison.Ordinal) > 0 && !e.EndsWith('@')))
            .WithMessage("Each user is an e-mail address, such as sam@example.org.")
            .When(c => c.Action == EscalationAction.NotifyUsers);
        RuleFor(c => c.ChannelId)
            .NotNull().WithMessage("Choose a chat channel.")
            .MustAsync(async (id, ct) => id is null || await channels.GetAsync(id.Value, ct) is not null).WithMessage("That chat channel no longer exists.")
            .When(c => c.Action == EscalationAction.PostToChannel);
        RuleFor(c => c.Priority)
            .NotNull().WithMessage("Choose the priority to raise to.")
            .Must(p => p is null or > TicketPriority.Low).WithMessage("Choose a priority above Low: a rule never lowers one.")
            .When(c => c.Action == EscalationAction.RaisePriority);
        RuleFor(c => c.AssigneeId)
            .NotEmpty().WithMessage("Choose the agent to reassign to.")
            .MaximumLength(TicketEditableFields.MaxAssigneeIdLength)
            .When(c => c.Action == EscalationAction.Reassign);
    }
}

public sealed class SaveEscalationRuleHandler(IEscalationStore store, ITicketListReader lists, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SaveEscalationRuleCommand, Guid>
{
    public const string Action = "escalation_rule.create";

    public async ValueTask<Guid> Handle(SaveEscalationRuleCommand command, CancellationToken cancellationToken)
    {
        var rule = new EscalationRule
        {
            Id = Guid.NewGuid(),
            PolicyId = command.PolicyId,
            Target = command.Target,
            Trigger = command.Trigger,
            Percent = command.Trigger == EscalationTrigger.ElapsedPercent ? command.Percent : null,
            HoursAfterBreach = command.Trigger == EscalationTrigger.HoursAfterBreach ? command.HoursAfterBreach : null,
            Action = command.Action,
            CreatedAt = clock.GetUtcNow(),
        };
        switch (command.Action)
        {
            case EscalationAction.NotifyRole:
                rule.Role = command.Role;
                break;
            case EscalationAction.NotifyUsers:
                rule.UserEmails = [.. command.UserList];
                break;
            case EscalationAction.PostToChannel:
                rule.ChannelId = command.ChannelId;
                break;
            case EscalationAction.RaisePriority:
                rule.Priority = command.Priority;
                break;
            case EscalationAction.Reassign:
                (rule.AssigneeId, rule.AssigneeName) = await AssigneeDirectory.ResolveAsync(
                    command.AssigneeId, null, lists, nameof(SaveEscalationRuleCommand.AssigneeId), cancellationToken);
                break;
        }

        await store.AddRuleAsync(rule, cancellationToken);
        await audit.WriteAsync(Action, "escalation_rule", rule.Id.ToString(), new { policy_id = rule.PolicyId, rule = EscalationText.Describe(rule) }, cancellationToken);
        return rule.Id;
    }
}
