namespace Ticketing.Domain.Triage;

/// <summary>
/// The admin's triage settings (<c>triage_settings</c>, one row). Auto-apply is off per target until
/// an admin sets a threshold; PHI tickets' text is left out of training unless an admin allows it.
/// </summary>
public sealed class TriageSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public bool UsePhiTicketsForTraining { get; set; }

    /// <summary>Confidence (0.5–1) above which a new ticket's category is set by the assistant; null: off.</summary>
    public double? AutoApplyCategoryAbove { get; set; }

    public double? AutoApplyDepartmentAbove { get; set; }

    public double? AutoApplyPriorityAbove { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public double? AutoApplyThreshold(TriageTarget target) => target switch
    {
        TriageTarget.Category => AutoApplyCategoryAbove,
        TriageTarget.Department => AutoApplyDepartmentAbove,
        _ => AutoApplyPriorityAbove,
    };
}
