namespace Ticketing.Domain.Sla.Prediction;

/// <summary>A ticket as the backtest replays it: its stratum, when it was created and resolved, and its resolution due time.</summary>
public sealed record BacktestTicket(BreachStratum Stratum, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, DateTimeOffset DueAt);

/// <summary>How the backtest replays: the window, the alert threshold, the naive rule's window, and how often the model is rebuilt.</summary>
public sealed record BacktestSettings(
    DateTimeOffset From,
    DateTimeOffset To,
    double Threshold,
    TimeSpan NaiveWindow,
    BreachModelSettings Model,
    TimeSpan Step,
    TimeSpan ModelRefresh,
    TimeSpan Lookback);

/// <summary>An alerting rule's result per ticket: alerts raised, of them on tickets that breached, breaches caught, lead time.</summary>
public sealed record AlertMetrics(int Alerted, int TruePositives, int Breached, double? MedianLeadHours, double? MeanLeadHours)
{
    public double? Precision => Alerted == 0 ? null : (double)TruePositives / Alerted;

    public double? Recall => Breached == 0 ? null : (double)TruePositives / Breached;
}

/// <summary>One decile of predicted probability: how many predictions, their mean, and how many of those tickets breached.</summary>
public sealed record CalibrationBin(int Decile, int Predictions, double MeanPredicted, double ObservedRate);

public sealed record BacktestReport(
    DateTimeOffset From,
    DateTimeOffset To,
    double Threshold,
    double NaiveWindowHours,
    int TicketsEvaluated,
    long Predictions,
    AlertMetrics Predictor,
    AlertMetrics Naive,
    IReadOnlyList<CalibrationBin> Calibration,
    double? BrierScore);

/// <summary>
/// Replays a window of history: every <see cref="BacktestSettings.Step"/>, each ticket open then and not yet
/// past its due time gets the prediction the model would have made from what was known then (the model is
/// rebuilt every <see cref="BacktestSettings.ModelRefresh"/> from tickets created before that moment: resolved
/// ones by then as resolution times, the others as still open at their age then). A ticket is alerted at the
/// first step its probability reaches the threshold; the naive rule alerts at the first step it is due within
/// the fixed window. Outcome: resolved after its due time, or still open past a due time inside the window.
/// Tickets whose due time is after the window and are not resolved have no outcome yet and are left out.
/// </summary>
public static class BreachBacktest
{
    public static BacktestReport Run(IReadOnlyList<BacktestTicket> tickets, BacktestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(settings);
        var ordered = tickets.OrderBy(t => t.CreatedAt).ToArray();
        var outcomes = ordered.Select(t => Outcome(t, settings.To)).ToArray();
        var firstAlert = new DateTimeOffset?[ordered.Length];
        var firstNaive = new DateTimeOffset?[ordered.Length];
        var evaluated = new bool[ordered.Length];
        var bins = new (int Count, double SumPredicted, int Breached)[10];
        long predictions = 0;
        double brier = 0;

        var open = new List<int>();
        var next = 0;
        BreachModel? model = null;
        var modelAt = DateTimeOffset.MinValue;
        for (var now = settings.From; now < settings.To; now += settings.Step)
        {
            if (model is null || now - modelAt >= settings.ModelRefresh)
            {
                model = BuildModel(ordered, now, settings);
                modelAt = now;
            }

            while (next < ordered.Length && ordered[next].CreatedAt <= now)
            {
                open.Add(next++);
            }

            open.RemoveAll(i => ordered[i].ResolvedAt <= now || ordered[i].DueAt <= now);
            foreach (var i in open)
            {
                if (outcomes[i] is not { } breached)
                {
                    continue;
                }

                var ticket = ordered[i];
                var elapsed = (now - ticket.CreatedAt).TotalHours;
                var target = (ticket.DueAt - ticket.CreatedAt).TotalHours;
                if (ticket.DueAt - now <= settings.NaiveWindow)
                {
                    firstNaive[i] ??= now;
                }

                if (model.Predict(ticket.Stratum, elapsed, target) is not { } prediction)
                {
                    continue;
                }

                evaluated[i] = true;
                predictions++;
                var p = prediction.Probability;
                var bin = Math.Min((int)(p * 10), 9);
                bins[bin] = (bins[bin].Count + 1, bins[bin].SumPredicted + p, bins[bin].Breached + (breached ? 1 : 0));
                brier += (p - (breached ? 1 : 0)) * (p - (breached ? 1 : 0));
                if (p >= settings.Threshold)
                {
                    firstAlert[i] ??= now;
                }
            }
        }

        var scope = Enumerable.Range(0, ordered.Length).Where(i => evaluated[i]).ToArray();
        return new BacktestReport(
            settings.From,
            settings.To,
            settings.Threshold,
            settings.NaiveWindow.TotalHours,
            scope.Length,
            predictions,
            Metrics(scope, ordered, outcomes, firstAlert),
            Metrics(scope, ordered, outcomes, firstNaive),
            [.. bins.Select((b, d) => new CalibrationBin(d, b.Count, b.Count == 0 ? 0 : b.SumPredicted / b.Count, b.Count == 0 ? 0 : (double)b.Breached / b.Count))],
            predictions == 0 ? null : brier / predictions);
    }

    /// <summary>Whether the ticket breached (true), met its target (false), or is undecided at the end of the window (null).</summary>
    public static bool? Outcome(BacktestTicket ticket, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.ResolvedAt is { } resolved && resolved <= end)
        {
            return resolved > ticket.DueAt;
        }

        return ticket.DueAt <= end ? true : null;
    }

    private static BreachModel BuildModel(BacktestTicket[] ordered, DateTimeOffset now, BacktestSettings settings)
    {
        var since = now - settings.Lookback;
        return BreachModel.Build(
            ordered.TakeWhile(t => t.CreatedAt < now)
                .Where(t => t.CreatedAt >= since)
                .Select(t => (t.Stratum, t.ResolvedAt is { } r && r <= now
                    ? new DurationSample((r - t.CreatedAt).TotalHours, Resolved: true)
                    : new DurationSample((now - t.CreatedAt).TotalHours, Resolved: false))),
            settings.Model);
    }

    private static AlertMetrics Metrics(int[] scope, BacktestTicket[] ordered, bool?[] outcomes, DateTimeOffset?[] alerts)
    {
        var alerted = scope.Where(i => alerts[i] is not null).ToArray();
        var hits = alerted.Where(i => outcomes[i] == true).ToArray();
        var leads = hits.Select(i => (ordered[i].DueAt - alerts[i]!.Value).TotalHours).Order().ToArray();
        return new AlertMetrics(
            alerted.Length,
            hits.Length,
            scope.Count(i => outcomes[i] == true),
            leads.Length == 0 ? null : leads[leads.Length / 2],
            leads.Length == 0 ? null : leads.Average());
    }
}
