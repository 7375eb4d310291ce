using Shouldly;
using Ticketing.Domain.Sla;

namespace Ticketing.UnitTests.Sla;

public sealed class SlaClockTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset BerlinTime(int year, int month, int day, int hour, int minute = 0) =>
        BusinessCalendar.WeekdaysNineToFive(Berlin).ToInstant(new DateTime(year, month, day, hour, minute, 0));

    [Fact]
    public void Adding_within_a_working_day_stays_on_that_day()
    {
        var clock = new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), []);
        var start = BerlinTime(2026, 12, 1, 10); // a Tuesday

        clock.Add(start, TimeSpan.FromHours(4)).ShouldBe(BerlinTime(2026, 12, 1, 14));
    }

    [Fact]
    public void Adding_past_closing_time_continues_the_next_morning()
    {
        var clock = new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), []);
        var start = BerlinTime(2026, 12, 1, 15);

        clock.Add(start, TimeSpan.FromHours(4)).ShouldBe(BerlinTime(2026, 12, 2, 11));
    }

    [Fact]
    public void A_ticket_opened_at_night_starts_counting_at_opening_time()
    {
        var clock = new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), []);
        var start = BerlinTime(2026, 12, 1, 22);

        clock.Add(start, TimeSpan.FromHours(1)).ShouldBe(BerlinTime(2026, 12, 2, 10));
        clock.Measure(start, BerlinTime(2026, 12, 2, 9)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Weekends_do_not_count()
    {
        var clock = new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), []);
        var friday = BerlinTime(2026, 12, 4, 16);

        clock.Add(friday, TimeSpan.FromHours(2)).ShouldBe(BerlinTime(2026, 12, 7, 10));
        clock.Measure(friday, BerlinTime(2026, 12, 7, 10)).ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Holidays_do_not_count()
    {
        var hours = Enumerable.Range(1, 5).ToDictionary(d => (DayOfWeek)d, _ => WorkingHours.NineToFive);
        var calendar = new BusinessCalendar(Berlin, hours, [new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25)]);
        var clock = new SlaClock(calendar, []);
        var wednesday = BerlinTime(2026, 12, 23, 16);

        clock.Add(wednesday, TimeSpan.FromHours(2)).ShouldBe(BerlinTime(2026, 12, 28, 10));
    }

    [Fact]
    public void A_working_day_keeps_its_wall_clock_hours_across_a_daylight_saving_change()
    {
        var clock = new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), []);
        var fridayBefore = BerlinTime(2026, 3, 27, 16); // clocks go forward on Sunday 29 March

        var due = clock.Add(fridayBefore, TimeSpan.FromHours(2))!.Value;

        due.ShouldBe(BerlinTime(2026, 3, 30, 10));
        due.UtcDateTime.Hour.ShouldBe(8);
    }

    [Fact]
    public void A_day_that_loses_an_hour_to_daylight_saving_has_23_running_hours()
    {
        var allDay = Enumerable.Range(0, 7).ToDictionary(d => (DayOfWeek)d, _ => WorkingHours.AllDay);
        var clock = new SlaClock(new BusinessCalendar(NewYork, allDay, []), []);
        var calendar = new BusinessCalendar(NewYork, allDay, []);
        var start = calendar.ToInstant(new DateTime(2026, 3, 8, 0, 0, 0));
        var end = calendar.ToInstant(new DateTime(2026, 3, 9, 0, 0, 0));

        clock.Measure(start, end).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void A_day_that_gains_an_hour_to_daylight_saving_has_25_running_hours()
    {
        var allDay = Enumerable.Range(0, 7).ToDictionary(d => (DayOfWeek)d, _ => WorkingHours.AllDay);
        var calendar = new BusinessCalendar(NewYork, allDay, []);
        var clock = new SlaClock(calendar, []);

        clock.Measure(calendar.ToInstant(new DateTime(2026, 11, 1, 0, 0, 0)), calendar.ToInstant(new DateTime(2026, 11, 2, 0, 0, 0)))
            .ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void A_working_span_starting_in_the_skipped_hour_starts_when_the_clock_lands()
    {
        var sunday = new Dictionary<DayOfWeek, WorkingHours> { [DayOfWeek.Sunday] = new(TimeSpan.FromHours(2.5), TimeSpan.FromHours(4)) };
        var calendar = new BusinessCalendar(Berlin, sunday, []);
        var clock = new SlaClock(calendar, []);
        var saturday = calendar.ToInstant(new DateTime(2026, 3, 28, 12, 0, 0));

        // 02:30 does not exist on 29 March; the span runs from 03:30 (01:30 UTC) to 04:00 (02:00 UTC).
        clock.Measure(saturday, saturday.AddDays(2)).ShouldBe(TimeSpan.FromMinutes(30));
        clock.Add(saturday, TimeSpan.FromMinutes(10)).ShouldBe(new DateTimeOffset(2026, 3, 29, 1, 40, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_pause_stops_the_clock_and_a_resume_restarts_it()
    {
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var clock = new SlaClock(null, [new Interval(start.AddHours(2), start.AddHours(5))]);

        clock.Add(start, TimeSpan.FromHours(4)).ShouldBe(start.AddHours(7));
        clock.Measure(start, start.AddHours(7)).ShouldBe(TimeSpan.FromHours(4));
        clock.PausedBetween(start, start.AddHours(7)).ShouldBe(TimeSpan.FromHours(3));
    }

    [Fact]
    public void A_pause_still_going_on_leaves_no_due_time()
    {
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var clock = new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), [new Interval(start.AddHours(1), DateTimeOffset.MaxValue)]);

        clock.Add(start, TimeSpan.FromHours(4)).ShouldBeNull();
        clock.Measure(start, start.AddDays(30)).ShouldBe(TimeSpan.FromHours(1)); // 09:00–10:00 Berlin, before the pause
        clock.IsPausedAt(start.AddDays(3)).ShouldBeTrue();
    }

    [Fact]
    public void Overlapping_pauses_count_once()
    {
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var clock = new SlaClock(null, [new Interval(start.AddHours(1), start.AddHours(3)), new Interval(start.AddHours(2), start.AddHours(4))]);

        clock.Add(start, TimeSpan.FromHours(2)).ShouldBe(start.AddHours(5));
    }

    [Fact]
    public void Adding_nothing_returns_the_start()
    {
        var start = new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero);
        new SlaClock(BusinessCalendar.WeekdaysNineToFive(Berlin), []).Add(start, TimeSpan.Zero).ShouldBe(start);
    }

    [Fact]
    public void A_clock_of_every_hour_without_pauses_adds_and_measures_plain_time_and_answers_as_the_span_walk_does()
    {
        var start = new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero);
        var plain = new SlaClock(null, []);
        // A pause long before the start leaves the same running time but takes the span walk.
        var walked = new SlaClock(null, [new Interval(start.AddYears(-1), start.AddYears(-1).AddHours(1))]);

        plain.Add(start, TimeSpan.FromHours(30)).ShouldBe(start.AddHours(30));
        plain.Measure(start, start.AddHours(30)).ShouldBe(TimeSpan.FromHours(30));
        plain.Measure(start.AddHours(1), start).ShouldBe(TimeSpan.Zero);
        foreach (var hours in new[] { 0.25, 1, 8, 24 * 45 })
        {
            plain.Add(start, TimeSpan.FromHours(hours)).ShouldBe(walked.Add(start, TimeSpan.FromHours(hours)));
            plain.Measure(start, start.AddHours(hours)).ShouldBe(walked.Measure(start, start.AddHours(hours)));
        }

        // Past the last representable instant the clock never gets there, on both paths.
        var late = DateTimeOffset.MaxValue.AddHours(-1);
        plain.Add(late, TimeSpan.FromHours(2)).ShouldBeNull();
        walked.Add(late, TimeSpan.FromHours(2)).ShouldBeNull();
    }

    [Fact]
    public void Working_hours_must_start_before_they_end()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkingHours(TimeSpan.FromHours(17), TimeSpan.FromHours(9)));
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkingHours(TimeSpan.Zero, TimeSpan.FromHours(25)));
    }
}
