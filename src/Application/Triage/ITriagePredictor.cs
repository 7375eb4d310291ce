namespace Ticketing.Application.Triage;

/// <summary>
/// Suggests with the active models. Each instance loads a model once per version and checks for a newly
/// activated version every <see cref="TriageOptions.ActiveModelCheckSeconds"/>.
/// </summary>
public interface ITriagePredictor
{
    Task<TriageSuggestions> SuggestAsync(TriageInput input, int perTarget, CancellationToken cancellationToken);
}
