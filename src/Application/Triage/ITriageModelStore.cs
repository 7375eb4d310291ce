using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage;

/// <summary>The stored models, settings and feedback (PostgreSQL).</summary>
public interface ITriageModelStore
{
    /// <summary>Stores a model (its <see cref="TriageModel.Version"/> is set); when <paramref name="activate"/>, it replaces the target's active model in the same transaction.</summary>
    Task StoreAsync(TriageModel model, bool activate, CancellationToken cancellationToken);

    /// <summary>The latest models, newest first, without their bytes.</summary>
    Task<IReadOnlyList<TriageModel>> GetHistoryAsync(int count, CancellationToken cancellationToken);

    /// <summary>The active version of each target that has one.</summary>
    Task<IReadOnlyDictionary<TriageTarget, long>> GetActiveVersionsAsync(CancellationToken cancellationToken);

    /// <summary>One model with its bytes.</summary>
    Task<TriageModel?> GetAsync(long version, CancellationToken cancellationToken);

    Task<TriageSettings> GetSettingsAsync(CancellationToken cancellationToken);

    Task SaveSettingsAsync(TriageSettings settings, CancellationToken cancellationToken);

    Task AddFeedbackAsync(IReadOnlyList<TriageFeedback> feedback, CancellationToken cancellationToken);

    /// <summary>Per target, how many suggestions were accepted and how many overridden.</summary>
    Task<IReadOnlyList<TriageAcceptance>> GetAcceptanceAsync(CancellationToken cancellationToken);
}

public sealed record TriageAcceptance(TriageTarget Target, int Accepted, int Overridden)
{
    public double? Rate => Accepted + Overridden == 0 ? null : (double)Accepted / (Accepted + Overridden);
}
