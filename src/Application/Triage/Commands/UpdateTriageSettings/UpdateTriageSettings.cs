using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Triage.Commands.UpdateTriageSettings;

/// <summary>
/// The admin's triage settings: whether PHI tickets' text may be used for training, and per target the
/// confidence above which the assistant applies its suggestion to a new ticket (null: never).
/// </summary>
public sealed record UpdateTriageSettingsCommand : ICommand, IAdminRequest
{
    public bool UsePhiTicketsForTraining { get; init; }
    public int? AutoApplyCategoryPercent { get; init; }
    public int? AutoApplyDepartmentPercent { get; init; }
    public int? AutoApplyPriorityPercent { get; init; }
}

public sealed class UpdateTriageSettingsValidator : AbstractValidator<UpdateTriageSettingsCommand>
{
    public const int LowestPercent = 50;

    public UpdateTriageSettingsValidator()
    {
        RuleFor(c => c.AutoApplyCategoryPercent).InclusiveBetween(LowestPercent, 99).WithMessage(Message);
        RuleFor(c => c.AutoApplyDepartmentPercent).InclusiveBetween(LowestPercent, 99).WithMessage(Message);
        RuleFor(c => c.AutoApplyPriorityPercent).InclusiveBetween(LowestPercent, 99).WithMessage(Message);
    }

    private static string Message => $"Enter a confidence from {LowestPercent} to 99 %, or leave it empty to never apply automatically.";
}

public sealed class UpdateTriageSettingsHandler(ITriageModelStore store, IAuditLog audit) : ICommandHandler<UpdateTriageSettingsCommand>
{
    public const string AuditAction = "triage.settings_update";

    public async ValueTask<Unit> Handle(UpdateTriageSettingsCommand command, CancellationToken cancellationToken)
    {
        var settings = await store.GetSettingsAsync(cancellationToken);
        var before = new
        {
            use_phi = settings.UsePhiTicketsForTraining,
            category = settings.AutoApplyCategoryAbove,
            department = settings.AutoApplyDepartmentAbove,
            priority = settings.AutoApplyPriorityAbove,
        };
        settings.UsePhiTicketsForTraining = command.UsePhiTicketsForTraining;
        settings.AutoApplyCategoryAbove = command.AutoApplyCategoryPercent / 100.0;
        settings.AutoApplyDepartmentAbove = command.AutoApplyDepartmentPercent / 100.0;
        settings.AutoApplyPriorityAbove = command.AutoApplyPriorityPercent / 100.0;
        await store.SaveSettingsAsync(settings, cancellationToken);
        await audit.WriteAsync(
            AuditAction,
            "triage_settings",
            null,
            new
            {
                old = before,
                @new = new
                {
                    use_phi = settings.UsePhiTicketsForTraining,
                    category = settings.AutoApplyCategoryAbove,
                    department = settings.AutoApplyDepartmentAbove,
                    priority = settings.AutoApplyPriorityAbove,
                },
            },
            cancellationToken);
        return Unit.Value;
    }
}
