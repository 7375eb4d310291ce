namespace Ticketing.Application.Triage;

/// <summary>
/// Whether a ticket holds protected health information, so its text stays out of training unless an
/// admin allows it (<see cref="Domain.Triage.TriageSettings.UsePhiTicketsForTraining"/>). The default
/// (<see cref="NoPhiCheck"/>) knows of no PHI; the PHI classification replaces it with its own flag.
/// </summary>
public interface ITriagePhiCheck
{
    bool ContainsPhi(TriageExample ticket);
}

/// <summary>Until tickets carry a PHI flag: no ticket is known to hold PHI.</summary>
public sealed class NoPhiCheck : ITriagePhiCheck
{
    public bool ContainsPhi(TriageExample ticket) => false;
}
