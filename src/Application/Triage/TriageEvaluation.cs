namespace Ticketing.Application.Triage;

/// <summary>
/// Accuracy, macro-F1 and the confusion matrix of one classifier on one hold-out. The labels are every class
/// the hold-out or the predictions name, in the matrix's order; the matrix's rows are the actual class, its
/// columns the predicted one.
/// </summary>
public sealed record TriageEvaluation(double Accuracy, double MacroF1, IReadOnlyList<string> Labels, int[][] Confusion)
{
    /// <summary>
    /// Macro-F1 is the unweighted mean of each class's F1 over every class the hold-out or the predictions
    /// name (as scikit-learn computes it), so a classifier that only ever answers the commonest class
    /// scores low however common it is.
    /// </summary>
    public static TriageEvaluation Of(IReadOnlyList<string> actual, IReadOnlyList<string> predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(predicted.Count, actual.Count);
        if (actual.Count == 0)
        {
            return new TriageEvaluation(0, 0, [], []);
        }

        var labels = actual.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var confusion = labels.Select(_ => new int[labels.Count]).ToArray();
        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            confusion[index[actual[i]]][index[predicted[i]]]++;
            if (string.Equals(actual[i], predicted[i], StringComparison.Ordinal))
            {
                correct++;
            }
        }

        var f1Sum = 0.0;
        for (var c = 0; c < labels.Count; c++)
        {
            var truePositives = confusion[c][c];
            var actualCount = confusion[c].Sum();
            var predictedCount = confusion.Sum(row => row[c]);
            f1Sum += actualCount + predictedCount == 0 ? 0 : 2.0 * truePositives / (actualCount + predictedCount);
        }

        return new TriageEvaluation((double)correct / actual.Count, f1Sum / labels.Count, labels, confusion);
    }
}
