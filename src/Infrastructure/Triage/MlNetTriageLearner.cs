using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Ticketing.Application.Triage;
using Ticketing.Domain.Triage;

namespace Ticketing.Infrastructure.Triage;

/// <summary>
/// ML.NET: the text as a bag of words and word pairs (L2-normalised), a maximum-entropy classifier
/// trained by SDCA. Small, fast to train on a few hundred thousand tickets, well under a millisecond
/// per prediction, and it gives calibrated probabilities for the confidence shown.
/// See docs/decisions/110-triage-ml-net.md.
/// </summary>
internal sealed class MlNetTriageLearner : ITriageLearner
{
    public ITriageClassifier Train(TriageTarget target, IReadOnlyList<TriageExample> examples, int seed)
    {
        var ml = new MLContext(seed);
        var rows = examples.Select(e => new TriageRow { Text = e.Input.TextFor(target), Label = e.LabelFor(target)! });
        var data = ml.Data.LoadFromEnumerable(rows);
        var featurizer = new TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(TriageRow.Label))
            .Append(ml.Transforms.Text.FeaturizeText("Features", featurizer, nameof(TriageRow.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
                nameof(TriageRow.Label), "Features", maximumNumberOfIterations: 30));
        var model = pipeline.Fit(data);
        return new MlNetTriageClassifier(ml, target, model, data.Schema);
    }

    public ITriageClassifier Load(TriageTarget target, byte[] model)
    {
        var ml = new MLContext();
        using var stream = new MemoryStream(model, writable: false);
        var transformer = ml.Model.Load(stream, out var schema);
        return new MlNetTriageClassifier(ml, target, transformer, schema);
    }
}

internal sealed class TriageRow
{
    public string Text { get; set; } = string.Empty;
    public string Label { get; set; } = string.Empty;
}

internal sealed class TriageRowPrediction
{
    public float[] Score { get; set; } = [];
}

internal sealed class MlNetTriageClassifier : ITriageClassifier
{
    private readonly MLContext ml;
    private readonly TriageTarget target;
    private readonly ITransformer model;
    private readonly DataViewSchema inputSchema;
    private readonly string[] labels;

    // A prediction engine is not thread-safe; a few are kept and lent out one request at a time.
    private readonly ConcurrentBag<PredictionEngine<TriageRow, TriageRowPrediction>> engines = [];

    public MlNetTriageClassifier(MLContext ml, TriageTarget target, ITransformer model, DataViewSchema inputSchema)
    {
        this.ml = ml;
        this.target = target;
        this.model = model;
        this.inputSchema = inputSchema;
        var keys = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(inputSchema)[nameof(TriageRow.Label)].GetKeyValues(ref keys);
        labels = keys.DenseValues().Select(k => k.ToString()).ToArray();
    }

    public IReadOnlyList<TriageScore> Predict(TriageInput input)
    {
        if (!engines.TryTake(out var engine))
        {
            engine = ml.Model.CreatePredictionEngine<TriageRow, TriageRowPrediction>(model, inputSchema);
        }

        try
        {
            var scores = engine.Predict(new TriageRow { Text = input.TextFor(target) }).Score;
            var result = new TriageScore[Math.Min(scores.Length, labels.Length)];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new TriageScore(labels[i], scores[i]);
            }

            Array.Sort(result, (a, b) => b.Confidence.CompareTo(a.Confidence));
            return result;
        }
        finally
        {
            engines.Add(engine);
        }
    }

    public byte[] Save()
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, inputSchema, stream);
        return stream.ToArray();
    }
}
