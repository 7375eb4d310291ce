using Shouldly;
using Ticketing.Domain.Reports;

namespace Ticketing.UnitTests.Reports;

/// <summary>When a scheduled report is due: the recipient's day and hour in their zone, once per time.</summary>
public sealed class ReportScheduleTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    private static ReportSubscription Weekly(DayOfWeek day, int hour, DateTimeOffset created) =>
        new() { UserId = "u", CreatedByUserId = "u", Frequency = ReportFrequency.Weekly, Day = (int)day, Hour = hour, PeriodDays = 7, CreatedAt = created };

    [Fact]
    public void A_weekly_report_is_due_from_its_hour_in_the_recipients_zone_and_not_before()
    {
        var s = Weekly(DayOfWeek.Tuesday, 9, new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero));

        s.DueOccurrence(new DateTimeOffset(2026, 12, 1, 13, 59, 0, TimeSpan.Zero), NewYork).ShouldBeNull();
        s.DueOccurrence(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), NewYork).ShouldBe(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero));
        // In Kolkata the same Tuesday 09:00 came 8.5 hours earlier.
        s.DueOccurrence(new DateTimeOffset(2026, 12, 1, 3, 30, 0, TimeSpan.Zero), Kolkata).ShouldBe(new DateTimeOffset(2026, 12, 1, 3, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_time_already_queued_or_before_the_subscription_is_not_due()
    {
        var s = Weekly(DayOfWeek.Tuesday, 9, new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
        s.DueOccurrence(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), NewYork).ShouldBeNull("Tuesday 09:00 was before the subscription");

        s.LastOccurrence = new DateTimeOffset(2026, 12, 8, 14, 0, 0, TimeSpan.Zero);
        s.DueOccurrence(new DateTimeOffset(2026, 12, 8, 20, 0, 0, TimeSpan.Zero), NewYork).ShouldBeNull();
        s.DueOccurrence(new DateTimeOffset(2026, 12, 15, 14, 0, 0, TimeSpan.Zero), NewYork).ShouldBe(new DateTimeOffset(2026, 12, 15, 14, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_monthly_report_comes_on_its_day_and_the_next_time_is_a_month_on_across_daylight_saving()
    {
        var s = new ReportSubscription
        {
            UserId = "u", CreatedByUserId = "u", Frequency = ReportFrequency.Monthly, Day = 5, Hour = 8, PeriodDays = 30,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };

        // 5 March 08:00 EST is 13:00 UTC; 5 April 08:00 EDT is 12:00 UTC.
        s.LatestOccurrence(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero), NewYork).ShouldBe(new DateTimeOffset(2026, 3, 5, 13, 0, 0, TimeSpan.Zero));
        s.NextOccurrence(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero), NewYork).ShouldBe(new DateTimeOffset(2026, 4, 5, 12, 0, 0, TimeSpan.Zero));
        s.NextOccurrence(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero), NewYork).ShouldBe(new DateTimeOffset(2026, 2, 5, 13, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_next_weekly_time_is_a_week_after_the_latest()
    {
        var s = Weekly(DayOfWeek.Monday, 23, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        s.NextOccurrence(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc).ShouldBe(new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.Zero));
        s.NextOccurrence(new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc).ShouldBe(new DateTimeOffset(2026, 12, 14, 23, 0, 0, TimeSpan.Zero));
    }
}
