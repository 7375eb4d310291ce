namespace Ticketing.Domain.Sla.Prediction;

/// <summary>
/// How long a ticket took (<see cref="Resolved"/>) or has lasted so far (still open: only known to take
/// longer), in hours; <see cref="Count"/> identical observations at once.
/// </summary>
public readonly record struct DurationSample(double Hours, bool Resolved, int Count = 1);

/// <summary>
/// The Kaplan–Meier estimate of S(t) = P(T &gt; t) from resolution times, open tickets counting as
/// censored at their age (they took at least that long). S steps down at every resolution time t_i by
/// the factor 1 − d_i / n_i, where d_i tickets were resolved at t_i and n_i were still open just before.
/// </summary>
public sealed class SurvivalCurve
{
    private readonly double[] _times;
    private readonly double[] _survival;
    private readonly int[] _atRisk;

    private SurvivalCurve(double[] times, double[] survival, int[] atRisk, int observations, int events)
    {
        _times = times;
        _survival = survival;
        _atRisk = atRisk;
        Observations = observations;
        Events = events;
    }

    /// <summary>Every observation, resolved or still open.</summary>
    public int Observations { get; }

    /// <summary>The resolved ones.</summary>
    public int Events { get; }

    public static SurvivalCurve Estimate(IEnumerable<DurationSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var grouped = samples
            .Where(s => s.Count > 0 && double.IsFinite(s.Hours))
            .GroupBy(s => Math.Max(0, s.Hours))
            .Select(g => (Time: g.Key, Events: g.Where(s => s.Resolved).Sum(s => s.Count), Censored: g.Where(s => !s.Resolved).Sum(s => s.Count)))
            .OrderBy(g => g.Time)
            .ToList();
        var atRisk = grouped.Sum(g => g.Events + g.Censored);
        var observations = atRisk;
        var times = new double[grouped.Count];
        var survival = new double[grouped.Count];
        var risk = new int[grouped.Count];
        var s = 1.0;
        var events = 0;
        for (var i = 0; i < grouped.Count; i++)
        {
            var (time, died, censored) = grouped[i];
            times[i] = time;
            risk[i] = atRisk;

            // A ticket still open at t was at risk at t: censored observations count in n_i at their own time.
            s *= 1.0 - ((double)died / atRisk);
            survival[i] = s;
            atRisk -= died + censored;
            events += died;
        }

        return new SurvivalCurve(times, survival, risk, observations, events);
    }

    /// <summary>S(t): the share of tickets that took longer than <paramref name="hours"/>.</summary>
    public double Survival(double hours)
    {
        var i = LastAtOrBefore(hours);
        return i < 0 ? 1.0 : _survival[i];
    }

    /// <summary>How many observations lasted longer than <paramref name="hours"/> (the evidence behind conditioning on it).</summary>
    public int AtRiskAfter(double hours)
    {
        var i = LastAtOrBefore(hours) + 1;
        return i < _times.Length ? _atRisk[i] : 0;
    }

    /// <summary>
    /// P(T &gt; <paramref name="dueHours"/> | T &gt; <paramref name="elapsedHours"/>) = S(due) / S(elapsed); null when no
    /// observation lasted longer than the elapsed time (nothing to condition on).
    /// </summary>
    public double? ConditionalExceedance(double dueHours, double elapsedHours)
    {
        var alive = Survival(elapsedHours);
        if (alive <= 0 || AtRiskAfter(elapsedHours) == 0)
        {
            return null;
        }

        return dueHours <= elapsedHours ? 1.0 : Math.Clamp(Survival(dueHours) / alive, 0, 1);
    }

    private int LastAtOrBefore(double hours)
    {
        var i = Array.BinarySearch(_times, hours);
        return i >= 0 ? i : ~i - 1;
    }
}
