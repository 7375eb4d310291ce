using Ticketing.Domain.Sla.Prediction;

namespace Ticketing.Application.Sla.Prediction;

/// <summary>An active ticket not yet past its resolution due time, as the breach estimate reads it.</summary>
public sealed record BreachRiskCandidate(Guid TicketId, BreachStratum Stratum, DateTimeOffset CreatedAt, DateTimeOffset DueAt, string? AssigneeId, int AssigneeOpenLoad);

/// <summary>A row of <c>ticket_breach_risk</c>.</summary>
public sealed record BreachRiskRow(Guid TicketId, BreachPrediction Prediction);

/// <summary>What the breach-risk run did: tickets estimated, flagged, and the users it notified.</summary>
public sealed record BreachRiskOutcome(int Estimated, int Likely, IReadOnlyList<string> NotifiedUsers);

/// <summary>A ticket's stored breach estimate, for the ticket page and the list.</summary>
public sealed record TicketBreachRiskView(
    Guid TicketId,
    double Probability,
    double SimilarShare,
    int StratumLevel,
    int SampleSize,
    double TargetHours,
    double HoursLeft,
    double LoadFactor,
    bool Likely,
    DateTimeOffset? LikelySince,
    DateTimeOffset ComputedAt)
{
    /// <summary>The reason in words, e.g. "Similar tickets took over 30 h in 80 % of cases; 6 h left."</summary>
    public string Reason => BreachRiskText.Reason(SimilarShare, TargetHours, HoursLeft, StratumLevel, SampleSize, LoadFactor);
}

/// <summary>The last backtest run, as stored.</summary>
public sealed record StoredBacktest(DateTimeOffset RanAt, int Days, BacktestReport Report);

/// <summary>The one place the breach reason is put in words (pages and notifications).</summary>
public static class BreachRiskText
{
    public static string Reason(double similarShare, double targetHours, double hoursLeft, int level, int sampleSize, double loadFactor)
    {
        var text = $"Similar tickets ({BreachStratum.Describe(level)}, {sampleSize:N0} tickets) took over {Hours(targetHours)} in {similarShare:P0} of cases; {Hours(hoursLeft)} left.";
        return loadFactor > 1.05 ? text + " The assignee has more open tickets than most." : text;
    }

    /// <summary>"30 h", "45 min", "3 d 4 h".</summary>
    public static string Hours(double hours) => hours switch
    {
        < 1 => $"{Math.Max(0, Math.Round(hours * 60)):0} min",
        < 48 => $"{Math.Round(hours):0} h",
        _ => $"{Math.Floor(hours / 24):0} d {Math.Round(hours % 24):0} h",
    };
}

/// <summary>A backtest report as plain lines (the command line prints them; docs/sla.md quotes them).</summary>
public static class BacktestText
{
    public static IReadOnlyList<string> Lines(StoredBacktest stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Report;
        var lines = new List<string>
        {
            $"sla backtest: {stored.Days} days, {r.From:yyyy-MM-dd HH:mm}Z to {r.To:yyyy-MM-dd HH:mm}Z, hourly; {r.TicketsEvaluated:N0} tickets, {r.Predictions:N0} predictions.",
            $"{"rule",-36} {"alerts",8} {"hits",8} {"breached",9} {"precision",10} {"recall",8} {"median lead",12} {"mean lead",10}",
            Row($"predictor (p >= {r.Threshold:P0})", r.Predictor),
            Row($"naive (due within {r.NaiveWindowHours:0.#} h)", r.Naive),
            $"calibration (predicted vs observed breach rate by decile); Brier score {Number(r.BrierScore, "0.000")}:",
        };
        lines.AddRange(r.Calibration.Where(b => b.Predictions > 0).Select(b =>
            $"  {b.Decile * 10,3}-{(b.Decile * 10) + 10,3} %: {b.Predictions,10:N0} predictions, predicted {b.MeanPredicted,6:P1}, observed {b.ObservedRate,6:P1}"));
        return lines;
    }

    private static string Row(string name, Ticketing.Domain.Sla.Prediction.AlertMetrics m) =>
        $"{name,-36} {m.Alerted,8:N0} {m.TruePositives,8:N0} {m.Breached,9:N0} {Number(m.Precision, "P1"),10} {Number(m.Recall, "P1"),8} {Lead(m.MedianLeadHours),12} {Lead(m.MeanLeadHours),10}";

    private static string Number(double? value, string format) =>
        value is { } v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "n/a";

    private static string Lead(double? hours) => hours is { } h ? $"{h:0.0} h" : "n/a";
}
