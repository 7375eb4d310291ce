namespace Ticketing.Application.Admin;

/// <summary>Turns the date range of a filter, in the admin's time zone, into UTC instants.</summary>
public static class AdminTime
{
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

        var local = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a clock change starts the day an hour later; ConvertTimeToUtc would throw.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The (exclusive) end of an inclusive "to" day: the start of the day after.</summary>
    public static DateTimeOffset? EndOf(DateOnly? day, TimeZoneInfo zone) => day is { } d ? StartOf(d.AddDays(1), zone) : null;

    /// <summary>A range typed the wrong way round is read the right way round rather than refused.</summary>
    public static (DateOnly? From, DateOnly? To) Ordered(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && t < f ? (t, f) : (from, to);

    /// <summary>The IANA id PostgreSQL understands for the zone.</summary>
    public static string IanaId(TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc ? "UTC"
        : zone.HasIanaId ? zone.Id
        : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : "UTC";
}
