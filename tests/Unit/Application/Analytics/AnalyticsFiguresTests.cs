using Shouldly;
using Ticketing.Application.Analytics;

namespace Ticketing.UnitTests.Application.Analytics;

public sealed class AnalyticsFiguresTests
{
    [Fact]
    public void A_percentile_is_the_upper_edge_of_the_bucket_it_falls_in()
    {
        var counts = new long[ResolutionBuckets.Count];
        counts[2] = 5;  // 30 min – 1 h
        counts[5] = 4;  // 4 – 8 h
        counts[16] = 1; // over 90 d

        ResolutionBuckets.Percentile(counts, 50).ShouldBe(TimeSpan.FromHours(1));
        ResolutionBuckets.Percentile(counts, 90).ShouldBe(TimeSpan.FromHours(8));
        ResolutionBuckets.Percentile(counts, 100).ShouldBe(TimeSpan.MaxValue);
        ResolutionBuckets.Percentile(new long[ResolutionBuckets.Count], 50).ShouldBeNull();
        AnalyticsTables.DurationText(TimeSpan.MaxValue).ShouldBe("over 90 d");
    }

    [Fact]
    public void Aging_counts_calendar_days_and_puts_the_rest_of_the_open_tickets_in_older()
    {
        var today = new DateOnly(2026, 12, 6);
        var open = new Dictionary<DateOnly, long>
        {
            [today.AddDays(1)] = 1, // created "tomorrow" by a clock ahead: today
            [today] = 2,
            [today.AddDays(-1)] = 3,
            [today.AddDays(-3)] = 4,
            [today.AddDays(-7)] = 5,
            [today.AddDays(-28)] = 6,
        };

        var buckets = AgingBoundaries.Buckets(today, openTotal: 30, open);

        buckets.Select(b => (b.Label, b.Tickets)).ShouldBe([("0–1 d", 6L), ("1–3 d", 4L), ("3–7 d", 5L), ("1–4 w", 6L), ("older", 9L)]);
    }

    [Fact]
    public void The_previous_period_is_as_long_and_ends_the_day_before()
    {
        var period = AnalyticsPeriod.Last(7, new DateOnly(2026, 12, 6));

        period.From.ShouldBe(new DateOnly(2026, 11, 30));
        period.Previous().ShouldBe(new AnalyticsPeriod(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)));
    }
}
