namespace Ticketing.Domain.Sla;

/// <summary>
/// A business-hours calendar as admins keep it (<c>sla_calendars</c>): an IANA time zone, per weekday
/// (index 0 = Sunday, as <see cref="DayOfWeek"/>) the minutes after local midnight at which work starts
/// and ends (null: closed), and holidays.
/// </summary>
public sealed class SlaCalendar
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string TimeZoneId { get; set; }
    public int?[] DayStartMinutes { get; set; } = new int?[7];
    public int?[] DayEndMinutes { get; set; } = new int?[7];
    public DateOnly[] Holidays { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The calendar the clock runs on.</summary>
    public BusinessCalendar ToBusinessCalendar()
    {
        var hours = new Dictionary<DayOfWeek, WorkingHours>();
        for (var day = 0; day < 7; day++)
        {
            if (DayStartMinutes.ElementAtOrDefault(day) is { } start && DayEndMinutes.ElementAtOrDefault(day) is { } end && start < end)
            {
                hours[(DayOfWeek)day] = new WorkingHours(TimeSpan.FromMinutes(start), TimeSpan.FromMinutes(end));
            }
        }

        return new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId), hours, Holidays);
    }
}
