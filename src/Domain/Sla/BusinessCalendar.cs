namespace Ticketing.Domain.Sla;

/// <summary>
/// Working hours in a time zone: per weekday one span of local wall-clock time (or none), and holidays
/// (local dates with no working time). The hours are local, so a working day keeps its wall-clock hours
/// across daylight-saving changes; a local time the clock skips (spring forward) counts from the moment
/// the clock lands after the gap, an ambiguous one (fall back) from its first occurrence.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>How many local days with no working time in a row end the search for open time.</summary>
    private const int MaxClosedDays = 3_660;

    private readonly WorkingHours?[] _hours = new WorkingHours?[7];
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(TimeZoneInfo zone, IReadOnlyDictionary<DayOfWeek, WorkingHours> hours, IEnumerable<DateOnly> holidays)
    {
        Zone = zone;
        foreach (var (day, span) in hours)
        {
            _hours[(int)day] = span;
        }

        _holidays = [.. holidays];
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Monday to Friday, 09:00–17:00, no holidays.</summary>
    public static BusinessCalendar WeekdaysNineToFive(TimeZoneInfo zone) => new(
        zone,
        new Dictionary<DayOfWeek, WorkingHours>
        {
            [DayOfWeek.Monday] = WorkingHours.NineToFive,
            [DayOfWeek.Tuesday] = WorkingHours.NineToFive,
            [DayOfWeek.Wednesday] = WorkingHours.NineToFive,
            [DayOfWeek.Thursday] = WorkingHours.NineToFive,
            [DayOfWeek.Friday] = WorkingHours.NineToFive,
        },
        []);

    public WorkingHours? HoursOn(DayOfWeek day) => _hours[(int)day];

    public bool IsHoliday(DateOnly date) => _holidays.Contains(date);

    /// <summary>
    /// The working spans from <paramref name="from"/> on, in order, the first clipped to start at
    /// <paramref name="from"/>. Ends only when no working time is found for ten years.
    /// </summary>
    public IEnumerable<Interval> OpenFrom(DateTimeOffset from)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime);

        // The day before can still be open at `from` when a span ends after a skipped hour.
        date = date.AddDays(-1);
        var closedDays = 0;
        while (closedDays < MaxClosedDays)
        {
            if (_hours[(int)date.DayOfWeek] is { } hours && !_holidays.Contains(date))
            {
                var start = ToInstant(date.ToDateTime(TimeOnly.MinValue) + hours.Start);
                var end = ToInstant(date.ToDateTime(TimeOnly.MinValue) + hours.End);
                if (start < from)
                {
                    start = from;
                }

                if (end > start)
                {
                    closedDays = 0;
                    yield return new Interval(start, end);
                }
                else
                {
                    closedDays++;
                }
            }
            else
            {
                closedDays++;
            }

            date = date.AddDays(1);
        }
    }

    /// <summary>The instant a local wall-clock time in <see cref="Zone"/> stands for.</summary>
    public DateTimeOffset ToInstant(DateTime local) => ToInstant(Zone, local);

    /// <summary>
    /// The instant a local wall-clock time in <paramref name="zone"/> stands for: a skipped time reads as
    /// the same distance after the gap, an ambiguous one as its first occurrence (so a local midnight is
    /// the first instant of its day, as PostgreSQL's <c>AT TIME ZONE</c> counts days).
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // The clock skipped this time: reading it with the offset in force before the gap lands
            // the same distance after the gap's end, which is where the working span really begins.
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }
}

/// <summary>One day's working time: from <see cref="Start"/> to <see cref="End"/> after local midnight (End may be 24:00).</summary>
public readonly record struct WorkingHours
{
    public WorkingHours(TimeSpan start, TimeSpan end)
    {
        if (start < TimeSpan.Zero || end > TimeSpan.FromHours(24) || start >= end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "A working day starts before it ends, within 00:00–24:00.");
        }

        Start = start;
        End = end;
    }

    public static WorkingHours NineToFive { get; } = new(TimeSpan.FromHours(9), TimeSpan.FromHours(17));

    public static WorkingHours AllDay { get; } = new(TimeSpan.Zero, TimeSpan.FromHours(24));

    public TimeSpan Start { get; }

    public TimeSpan End { get; }
}
