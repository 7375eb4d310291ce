using Shouldly;
using Ticketing.Domain.Sla;

namespace Ticketing.UnitTests.Sla;

/// <summary>
/// Property tests as seeded loops (decision 013): random calendars in zones with and without daylight
/// saving, random holidays and pauses, random starts (many near a DST change) and amounts. A failure
/// names its seed.
/// </summary>
public sealed class SlaClockPropertyTests
{
    private const int Cases = 1_500;

    private static readonly TimeZoneInfo[] Zones =
    [
        TimeZoneInfo.Utc,
        TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
        TimeZoneInfo.FindSystemTimeZoneById("America/New_York"),
        TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney"),
        TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"),
        TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe"),
    ];

    private static readonly DateTimeOffset[] NearDstChanges =
    [
        new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
        new(2026, 10, 25, 1, 0, 0, TimeSpan.Zero),
        new(2026, 3, 8, 7, 0, 0, TimeSpan.Zero),
        new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero),
        new(2026, 4, 4, 16, 0, 0, TimeSpan.Zero),
        new(2026, 10, 3, 16, 0, 0, TimeSpan.Zero),
    ];

    [Fact]
    public void Measuring_up_to_an_added_time_gives_the_amount_back()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (clock, start) = Scenario(random);
            var amount = TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 20)) + TimeSpan.FromSeconds(random.Next(0, 60));

            var due = clock.Add(start, amount);

            due.ShouldNotBeNull($"seed {seed}");
            clock.Measure(start, due.Value).ShouldBe(amount, $"seed {seed}");
            if (amount > TimeSpan.Zero)
            {
                // The earliest such instant: a moment earlier, the amount has not yet run.
                clock.Measure(start, due.Value.AddTicks(-1)).ShouldBeLessThan(amount, $"seed {seed}");
            }
        }
    }

    [Fact]
    public void Adding_in_two_steps_equals_adding_at_once()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (clock, start) = Scenario(random);
            var first = TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 5));
            var second = TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 5));

            var middle = clock.Add(start, first)!.Value;

            clock.Add(middle, second).ShouldBe(clock.Add(start, first + second), $"seed {seed}");
        }
    }

    [Fact]
    public void Measuring_is_additive_over_a_split_point()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (clock, start) = Scenario(random);
            var middle = start.AddMinutes(random.Next(0, 60 * 24 * 10));
            var end = middle.AddMinutes(random.Next(0, 60 * 24 * 10));

            (clock.Measure(start, middle) + clock.Measure(middle, end)).ShouldBe(clock.Measure(start, end), $"seed {seed}");
            clock.Measure(start, end).ShouldBeLessThanOrEqualTo(end - start, $"seed {seed}");
        }
    }

    private static (SlaClock Clock, DateTimeOffset Start) Scenario(Random random)
    {
        var zone = Zones[random.Next(Zones.Length)];
        var start = random.Next(2) == 0
            ? NearDstChanges[random.Next(NearDstChanges.Length)].AddMinutes(random.Next(-60 * 48, 60 * 48))
            : new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 365));

        BusinessCalendar? calendar = null;
        if (random.Next(4) > 0)
        {
            var hours = new Dictionary<DayOfWeek, WorkingHours>();
            foreach (var day in Enum.GetValues<DayOfWeek>())
            {
                if (random.Next(10) < 7)
                {
                    var from = random.Next(0, 23 * 4);
                    var to = random.Next(from + 1, 24 * 4 + 1);
                    hours[day] = new WorkingHours(TimeSpan.FromMinutes(from * 15), TimeSpan.FromMinutes(to * 15));
                }
            }

            if (hours.Count == 0)
            {
                hours[DayOfWeek.Wednesday] = WorkingHours.NineToFive;
            }

            var firstDay = DateOnly.FromDateTime(start.UtcDateTime);
            var holidays = Enumerable.Range(0, random.Next(0, 8)).Select(_ => firstDay.AddDays(random.Next(-2, 40)));
            calendar = new BusinessCalendar(zone, hours, holidays);
        }

        var pauses = Enumerable.Range(0, random.Next(0, 5))
            .Select(_ =>
            {
                var pauseStart = start.AddMinutes(random.Next(-60 * 24, 60 * 24 * 15));
                return new Interval(pauseStart, pauseStart.AddMinutes(random.Next(1, 60 * 24 * 3)));
            });
        return (new SlaClock(calendar, pauses), start);
    }
}
