using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage;

/// <summary>Trains and loads the classifiers (ML.NET in Infrastructure).</summary>
public interface ITriageLearner
{
    /// <summary>Trains one target's classifier on labelled examples (every one has a label for it).</summary>
    ITriageClassifier Train(TriageTarget target, IReadOnlyList<TriageExample> examples, int seed);

    /// <summary>Loads a classifier saved by <see cref="ITriageClassifier.Save"/>.</summary>
    ITriageClassifier Load(TriageTarget target, byte[] model);
}

/// <summary>A trained classifier; safe to use from several threads at once.</summary>
public interface ITriageClassifier
{
    /// <summary>Every class with its probability, most likely first.</summary>
    IReadOnlyList<TriageScore> Predict(TriageInput input);

    byte[] Save();
}

public sealed record TriageScore(string Label, double Confidence);
