using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage;

/// <summary>
/// Suggests with the active models. Each instance loads a model once per version and checks for a newly
/// activated version every <see cref="TriageOptions.ActiveModelCheckSeconds"/>.
/// </summary>
public interface ITriagePredictor
{
    Task<TriageSuggestions> SuggestAsync(TriageInput input, int perTarget, CancellationToken cancellationToken);

    /// <summary>
    /// One batch (a page of the list): the active versions are looked up and their models loaded once for all of
    /// <paramref name="inputs"/>; only <paramref name="targets"/> are predicted. One result per input, in order.
    /// </summary>
    Task<IReadOnlyList<TriageSuggestions>> SuggestManyAsync(
        IReadOnlyList<TriageInput> inputs, int perTarget, IReadOnlyCollection<TriageTarget> targets, CancellationToken cancellationToken);
}
