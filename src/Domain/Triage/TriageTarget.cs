namespace Ticketing.Domain.Triage;

/// <summary>What the triage assistant suggests: one model per target.</summary>
public enum TriageTarget
{
    Category = 0,
    Department = 1,
    Priority = 2,
}
