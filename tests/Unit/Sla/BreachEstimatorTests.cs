using Shouldly;
using Ticketing.Domain.Sla.Prediction;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Sla;

/// <summary>The breach estimate's arithmetic on hand-made distributions: Kaplan–Meier, conditioning, back-off, load.</summary>
public sealed class BreachEstimatorTests
{
    private static readonly BreachStratum Hardware = BreachStratum.Of(null, "Hardware", TicketPriority.High, "Legal");
    private static readonly BreachStratum Access = BreachStratum.Of(null, "Access", TicketPriority.High, "Legal");

    private static IEnumerable<DurationSample> Resolved(params double[] hours) => hours.Select(h => new DurationSample(h, Resolved: true));

    [Fact]
    public void Without_censoring_the_curve_is_the_empirical_share_longer_than_t()
    {
        var curve = SurvivalCurve.Estimate(Resolved(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));

        curve.Survival(0.5).ShouldBe(1.0);
        curve.Survival(3).ShouldBe(0.7, 1e-12);
        curve.Survival(3.5).ShouldBe(0.7, 1e-12);
        curve.Survival(10).ShouldBe(0.0, 1e-12);
        curve.Observations.ShouldBe(10);
        curve.Events.ShouldBe(10);
    }

    [Fact]
    public void An_open_ticket_counts_at_risk_until_its_age_then_leaves_without_a_step()
    {
        // Kaplan–Meier by hand: t=1: 1 of 4 resolved → 3/4; the open one (age 2) leaves; t=3: 1 of 2 → 3/8.
        var curve = SurvivalCurve.Estimate([.. Resolved(1, 3, 4), new DurationSample(2, Resolved: false)]);

        curve.Survival(1).ShouldBe(0.75, 1e-12);
        curve.Survival(2).ShouldBe(0.75, 1e-12);
        curve.Survival(3).ShouldBe(0.375, 1e-12);
        curve.Survival(4).ShouldBe(0.0, 1e-12);
        curve.AtRiskAfter(2).ShouldBe(2);
    }

    [Fact]
    public void Counts_weigh_like_repeated_samples()
    {
        var grouped = SurvivalCurve.Estimate([new DurationSample(2, true, 3), new DurationSample(5, true, 1)]);
        var repeated = SurvivalCurve.Estimate(Resolved(2, 2, 2, 5));

        grouped.Survival(2).ShouldBe(repeated.Survival(2), 1e-12);
        grouped.Survival(2).ShouldBe(0.25, 1e-12);
        grouped.Observations.ShouldBe(4);
    }

    [Fact]
    public void Conditioning_on_the_elapsed_time_divides_by_the_survival_so_far()
    {
        var curve = SurvivalCurve.Estimate(Resolved(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));

        // P(T > 8 | T > 4) = S(8) / S(4) = 0.2 / 0.6.
        curve.ConditionalExceedance(8, 4)!.Value.ShouldBe(1.0 / 3, 1e-12);
        curve.ConditionalExceedance(8, 0)!.Value.ShouldBe(0.2, 1e-12);
        curve.ConditionalExceedance(3, 4)!.Value.ShouldBe(1.0);

        // Older than every similar ticket: nothing to condition on.
        curve.ConditionalExceedance(20, 10).ShouldBeNull();
    }

    [Fact]
    public void A_ticket_in_a_slow_stratum_is_likelier_to_breach_than_one_in_a_fast_stratum()
    {
        var model = BreachModel.Build(
            [.. Enumerable.Range(1, 40).Select(i => (Hardware, new DurationSample(20 + i, true))),
             .. Enumerable.Range(1, 40).Select(i => (Access, new DurationSample(i / 4.0, true)))],
            new BreachModelSettings(MinSamples: 30, MinAtRisk: 5));

        var slow = model.Predict(Hardware, elapsedHours: 2, targetHours: 30)!;
        slow.Level.ShouldBe(0);
        slow.SampleSize.ShouldBe(40);
        slow.Probability.ShouldBe(30.0 / 40, 1e-12);
        slow.SimilarShare.ShouldBe(slow.Probability);
        slow.HoursLeft.ShouldBe(28);

        model.Predict(Access, elapsedHours: 2, targetHours: 30)!.Probability.ShouldBe(0);
    }

    [Fact]
    public void A_thin_stratum_backs_off_to_a_coarser_one()
    {
        var sales = BreachStratum.Of(null, "Hardware", TicketPriority.High, "Sales");
        var model = BreachModel.Build(
            [.. Enumerable.Range(1, 40).Select(i => (Hardware, new DurationSample(i, true))),
             .. Enumerable.Range(1, 5).Select(i => (sales, new DurationSample(100 + i, true)))],
            new BreachModelSettings(MinSamples: 30, MinAtRisk: 5));

        var prediction = model.Predict(sales, elapsedHours: 0, targetHours: 20)!;

        // Sales alone has 5 tickets; Hardware at High priority (any department) has 45, 25 of them over 20 h.
        prediction.Level.ShouldBe(1);
        prediction.SampleSize.ShouldBe(45);
        prediction.Probability.ShouldBe(25.0 / 45, 1e-12);
    }

    [Fact]
    public void Too_few_tickets_lasting_as_long_as_this_one_backs_off_and_none_at_all_gives_no_estimate()
    {
        var model = BreachModel.Build(
            Enumerable.Range(1, 40).Select(i => (Hardware, new DurationSample(i, true))),
            new BreachModelSettings(MinSamples: 30, MinAtRisk: 10));

        model.Predict(Hardware, elapsedHours: 29, targetHours: 35)!.Probability.ShouldBe(5.0 / 11, 1e-12);
        model.Predict(Hardware, elapsedHours: 31, targetHours: 35).ShouldBeNull();
    }

    [Fact]
    public void A_busier_assignee_has_less_of_the_remaining_time()
    {
        BreachModel.LoadFactor(openLoad: 3, meanLoad: 3, exponent: 0.5).ShouldBe(1.0, 1e-12);
        BreachModel.LoadFactor(openLoad: 15, meanLoad: 3, exponent: 0.5).ShouldBe(2.0, 1e-12);
        BreachModel.LoadFactor(openLoad: 99, meanLoad: 3, exponent: 0.5).ShouldBe(BreachModelSettings.MaxLoadFactor);
        BreachModel.LoadFactor(openLoad: 0, meanLoad: 3, exponent: 0.5).ShouldBe(0.5, 1e-12);
        BreachModel.LoadFactor(openLoad: 50, meanLoad: 3, exponent: 0).ShouldBe(1.0);

        var model = BreachModel.Build(
            Enumerable.Range(1, 40).Select(i => (Hardware, new DurationSample(i, true))),
            new BreachModelSettings(MinSamples: 30, MinAtRisk: 5));
        var normal = model.Predict(Hardware, elapsedHours: 10, targetHours: 30)!;
        var busy = model.Predict(Hardware, elapsedHours: 10, targetHours: 30, loadFactor: 2)!;

        // 20 h left count as 10: P(T > 20 | T > 10) = 20/30 instead of P(T > 30 | T > 10) = 10/30.
        normal.Probability.ShouldBe(10.0 / 30, 1e-12);
        busy.Probability.ShouldBe(20.0 / 30, 1e-12);
        busy.SimilarShare.ShouldBe(normal.Probability, 1e-12);
    }

    [Fact]
    public void The_backtest_uses_only_what_was_known_and_scores_both_rules()
    {
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var tickets = new List<BacktestTicket>();

        // Every 2 hours for 60 days: a Hardware ticket that takes 40 h against a 30 h target (breaches)
        // and an Access ticket that takes 2 h against 30 h (meets it).
        for (var h = 0; h < 24 * 60; h += 2)
        {
            var created = start.AddHours(h);
            tickets.Add(new BacktestTicket(Hardware, created, created.AddHours(40), created.AddHours(30)));
            tickets.Add(new BacktestTicket(Access, created, created.AddHours(2), created.AddHours(30)));
        }

        var report = BreachBacktest.Run(tickets, new BacktestSettings(
            start.AddDays(30), start.AddDays(50), 0.7, TimeSpan.FromHours(4),
            new BreachModelSettings(MinSamples: 30, MinAtRisk: 5, LoadExponent: 0),
            TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(30)));

        report.Predictor.Precision.ShouldBe(1.0);
        report.Predictor.Recall.ShouldBe(1.0);
        report.Predictor.MedianLeadHours!.Value.ShouldBeGreaterThan(20);
        report.Naive.MedianLeadHours!.Value.ShouldBeLessThanOrEqualTo(4);
        report.Calibration[9].ObservedRate.ShouldBe(1.0);
        report.Calibration[0].ObservedRate.ShouldBe(0.0);
        report.BrierScore!.Value.ShouldBeLessThan(0.01);
    }

    [Fact]
    public void An_unresolved_ticket_due_after_the_window_has_no_outcome_yet()
    {
        var end = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        BreachBacktest.Outcome(new BacktestTicket(Hardware, end.AddDays(-2), null, end.AddDays(1)), end).ShouldBeNull();
        BreachBacktest.Outcome(new BacktestTicket(Hardware, end.AddDays(-2), null, end.AddDays(-1)), end).ShouldBe(true);
        BreachBacktest.Outcome(new BacktestTicket(Hardware, end.AddDays(-2), end.AddHours(-30), end.AddDays(-1)), end).ShouldBe(false);
        BreachBacktest.Outcome(new BacktestTicket(Hardware, end.AddDays(-2), end.AddHours(-1), end.AddDays(-1)), end).ShouldBe(true);
    }
}
