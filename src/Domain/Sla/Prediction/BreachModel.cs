namespace Ticketing.Domain.Sla.Prediction;

/// <summary>Settings of the estimate: back-off thresholds and the open-load adjustment.</summary>
public sealed record BreachModelSettings(int MinSamples = 30, int MinAtRisk = 10, double LoadExponent = 0.5)
{
    /// <summary>The load factor never moves the remaining time by more than this ratio either way.</summary>
    public const double MaxLoadFactor = 2.0;
}

/// <summary>
/// One active ticket's breach estimate: <see cref="Probability"/> after the load adjustment;
/// <see cref="SimilarShare"/>, the unadjusted share of similar tickets (as old as this one) that took
/// longer than its target; the stratum level and the number of similar tickets behind it.
/// </summary>
public sealed record BreachPrediction(double Probability, double SimilarShare, int Level, int SampleSize, double TargetHours, double HoursLeft, double LoadFactor);

/// <summary>
/// Resolution-time survival curves per stratum (every level), built from the resolved and still-open
/// tickets known at one moment. <see cref="Predict"/> conditions on the time elapsed, backs off to a
/// coarser stratum when one is thin, and adjusts for the assignee's open load.
/// </summary>
public sealed class BreachModel
{
    private readonly Dictionary<BreachStratum, SurvivalCurve> _curves;

    private BreachModel(Dictionary<BreachStratum, SurvivalCurve> curves, BreachModelSettings settings)
    {
        _curves = curves;
        Settings = settings;
    }

    public BreachModelSettings Settings { get; }

    public int Strata => _curves.Count;

    /// <summary>Builds the curves; each sample's stratum must be a level-0 stratum.</summary>
    public static BreachModel Build(IEnumerable<(BreachStratum Stratum, DurationSample Sample)> samples, BreachModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var byStratum = new Dictionary<BreachStratum, List<DurationSample>>();
        foreach (var (stratum, sample) in samples)
        {
            for (var level = 0; level <= BreachStratum.Coarsest; level++)
            {
                var key = stratum.At(level);
                if (!byStratum.TryGetValue(key, out var list))
                {
                    byStratum[key] = list = [];
                }

                list.Add(sample);
            }
        }

        return new BreachModel(byStratum.ToDictionary(p => p.Key, p => SurvivalCurve.Estimate(p.Value)), settings);
    }

    /// <summary>
    /// The load factor f = clamp(((load + 1) / (mean load + 1))^β, 1/2, 2): an assignee with more open tickets
    /// than the average has less of the remaining time for this one (the remaining time is divided by f).
    /// </summary>
    public static double LoadFactor(int openLoad, double meanLoad, double exponent)
    {
        if (exponent == 0 || meanLoad < 0)
        {
            return 1.0;
        }

        var factor = Math.Pow((Math.Max(openLoad, 0) + 1.0) / (meanLoad + 1.0), exponent);
        return Math.Clamp(factor, 1 / BreachModelSettings.MaxLoadFactor, BreachModelSettings.MaxLoadFactor);
    }

    /// <summary>
    /// P(T &gt; target | T &gt; elapsed) for a ticket of <paramref name="stratum"/> (level 0), from the finest
    /// stratum with at least <see cref="BreachModelSettings.MinSamples"/> tickets of which at least
    /// <see cref="BreachModelSettings.MinAtRisk"/> lasted longer than the elapsed time; null when none has.
    /// </summary>
    public BreachPrediction? Predict(BreachStratum stratum, double elapsedHours, double targetHours, double loadFactor = 1.0)
    {
        for (var level = 0; level <= BreachStratum.Coarsest; level++)
        {
            if (!_curves.TryGetValue(stratum.At(level), out var curve)
                || curve.Observations < Settings.MinSamples
                || curve.AtRiskAfter(elapsedHours) < Settings.MinAtRisk)
            {
                continue;
            }

            var left = targetHours - elapsedHours;
            var share = curve.ConditionalExceedance(targetHours, elapsedHours);
            var adjusted = curve.ConditionalExceedance(elapsedHours + (left / loadFactor), elapsedHours);
            if (share is null || adjusted is null)
            {
                continue;
            }

            return new BreachPrediction(adjusted.Value, share.Value, level, curve.Observations, targetHours, left, loadFactor);
        }

        return null;
    }
}
