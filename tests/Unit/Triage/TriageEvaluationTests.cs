using Shouldly;
using Ticketing.Application.Triage;

namespace Ticketing.UnitTests.Triage;

public sealed class TriageEvaluationTests
{
    [Fact]
    public void Macro_F1_averages_each_class_F1_so_always_answering_the_commonest_class_scores_low()
    {
        string[] actual = ["Network", "Network", "Network", "Printing", "Access"];

        var commonest = TriageEvaluation.Of(actual, ["Network", "Network", "Network", "Network", "Network"]);

        commonest.Accuracy.ShouldBe(0.6);
        // Network: 2·3/(3+5) = 0.75; Printing and Access: 0.
        commonest.MacroF1.ShouldBe(0.25, 1e-9);
    }

    [Fact]
    public void The_confusion_matrix_counts_actual_rows_against_predicted_columns()
    {
        var evaluation = TriageEvaluation.Of(["a", "a", "b"], ["a", "b", "b"]);

        evaluation.Labels.ShouldBe(["a", "b"]);
        evaluation.Confusion[0].ShouldBe([1, 1]);
        evaluation.Confusion[1].ShouldBe([0, 1]);
        evaluation.MacroF1.ShouldBe((2.0 / 3 + 2.0 / 3) / 2, 1e-9);
    }

    [Fact]
    public void A_perfect_classifier_scores_one()
    {
        var evaluation = TriageEvaluation.Of(["x", "y", "z"], ["x", "y", "z"]);

        evaluation.Accuracy.ShouldBe(1);
        evaluation.MacroF1.ShouldBe(1);
    }
}
