namespace Ticketing.Application.Admin;

/// <summary>
/// Turns the date range of a filter, in the admin's time zone, into UTC instants. Days come from the
/// query string, so any value may arrive: they are clamped to <see cref="Earliest"/>–<see cref="Latest"/>,
/// where the arithmetic (the day after, the zone's offset) cannot overflow.
/// </summary>
public static class AdminTime
{
    /// <summary>The earliest day a filter means; anything before it is read as this day.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>The latest day a filter means: <see cref="DateOnly.MaxValue"/> has no day after it to end on.</summary>
    public static readonly DateOnly Latest = new(9999, 12, 30);

    /// <summary>The day within <see cref="Earliest"/>–<see cref="Latest"/>.</summary>
    public static DateOnly Clamp(DateOnly day) => day < Earliest ? Earliest : day > Latest ? Latest : day;

    /// <summary>The zone for an IANA (or Windows) id; UTC when unknown.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The start of <paramref name="day"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset? StartOf(DateOnly? day, TimeZoneInfo zone)
    {
        if (day is not { } d)
        {
            return null;
        }

        // Not clamped above: the end of the latest day is the start of the day after it.
        var local = (d < Earliest ? Earliest : d).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a clock change starts the day an hour later; ConvertTimeToUtc would throw.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The (exclusive) end of an inclusive "to" day: the start of the day after.</summary>
    public static DateTimeOffset? EndOf(DateOnly? day, TimeZoneInfo zone) => day is { } d ? StartOf(Clamp(d).AddDays(1), zone) : null;

    /// <summary>A range typed the wrong way round is read the right way round rather than refused.</summary>
    public static (DateOnly? From, DateOnly? To) Ordered(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && t < f ? (t, f) : (from, to);

    /// <summary>
    /// The page to show of <paramref name="total"/> items, <paramref name="size"/> a page: a page past
    /// the last shows the last, so no page number, however large, overflows the offset.
    /// </summary>
    public static int PageWithin(int page, int total, int size)
    {
        var pages = Math.Max(1, (int)(((long)total + size - 1) / size));
        return Math.Clamp(page, 1, pages);
    }

    /// <summary>The offset of a page already within range (<see cref="PageWithin"/>).</summary>
    public static int Offset(int page, int size) => (int)Math.Min(int.MaxValue, ((long)page - 1) * size);

    /// <summary>The IANA id PostgreSQL understands for the zone.</summary>
    public static string IanaId(TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc ? "UTC"
        : zone.HasIanaId ? zone.Id
        : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : "UTC";
}
