namespace Ticketing.Domain.Triage;

/// <summary>
/// One trained model for one <see cref="TriageTarget"/> (<c>triage_models</c>), kept with its evaluation
/// on the time-based hold-out and the baselines' on the same hold-out, so the admin page can show
/// every version and why it was or was not activated. At most one model per target is active.
/// </summary>
public sealed class TriageModel
{
    /// <summary>The key; increases with every model stored. Instances load a model once per version.</summary>
    public long Version { get; set; }

    /// <summary>The training run that produced it (one run trains every target).</summary>
    public Guid RunId { get; set; }

    public TriageTarget Target { get; set; }
    public DateTimeOffset TrainedAt { get; set; }
    public int TrainingMilliseconds { get; set; }

    /// <summary>How many tickets the run read (resolved and closed), before sampling.</summary>
    public long TicketsRead { get; set; }

    public int TrainCount { get; set; }
    public int TestCount { get; set; }

    public double Accuracy { get; set; }
    public double MacroF1 { get; set; }
    public double MajorityAccuracy { get; set; }
    public double MajorityMacroF1 { get; set; }
    public double KeywordAccuracy { get; set; }
    public double KeywordMacroF1 { get; set; }

    /// <summary>The classes, in the confusion matrix's order.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>The confusion matrix on the hold-out as JSON: rows are the actual class, columns the predicted one.</summary>
    public string ConfusionJson { get; set; } = "[]";

    /// <summary>Per class, the words most associated with it in training, with their weight (JSON): the "strongest words".</summary>
    public string KeywordsJson { get; set; } = "{}";

    /// <summary>The ML.NET model as saved by <c>MLContext.Model.Save</c>.</summary>
    public byte[] ModelBytes { get; set; } = [];

    public bool IsActive { get; set; }

    /// <summary>Why it was activated or not, in words.</summary>
    public string Decision { get; set; } = string.Empty;

    /// <summary>A model is activated only when it beats every baseline on macro-F1.</summary>
    public bool BeatsBaselines => MacroF1 > MajorityMacroF1 && MacroF1 > KeywordMacroF1;
}
