namespace Ticketing.Domain.Reports;

public enum ReportFrequency
{
    Weekly = 0,
    Monthly = 1,
}

/// <summary>
/// One recipient's scheduled analytics report (<c>report_subscriptions</c>): a PDF of the analytics view
/// (the last <see cref="PeriodDays"/> days with the saved filters) e-mailed weekly or monthly at
/// <see cref="Hour"/> on <see cref="Day"/> in the recipient's own time zone.
/// </summary>
public sealed class ReportSubscription
{
    public const int MaxDayOfMonth = 28;

    public Guid Id { get; set; }

    /// <summary>Who receives it (a user: their address, zone and PHI access decide what they get).</summary>
    public required string UserId { get; set; }

    /// <summary>Who made it: the recipient, or an admin who subscribed them.</summary>
    public required string CreatedByUserId { get; set; }

    public ReportFrequency Frequency { get; set; }

    /// <summary>Weekly: the day of the week (0 Sunday … 6 Saturday). Monthly: the day of the month (1–28, so every month has it).</summary>
    public int Day { get; set; }

    /// <summary>0–23, in the recipient's zone.</summary>
    public int Hour { get; set; }

    /// <summary>The report covers the last this many days up to the day before it is sent (7, 30, 90 or 365).</summary>
    public int PeriodDays { get; set; }

    public string[] Categories { get; set; } = [];

    public string[] Departments { get; set; } = [];

    /// <summary>Priorities by wire name (<c>high</c>).</summary>
    public string[] Priorities { get; set; } = [];

    public bool Letter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last send time (UTC) a report was queued for; the next one is due after it.</summary>
    public DateTimeOffset? LastOccurrence { get; set; }

    /// <summary>
    /// The latest scheduled time at or before <paramref name="now"/> in <paramref name="zone"/>: this week's
    /// (or month's) day and hour, or the previous one when that is still ahead.
    /// </summary>
    public DateTimeOffset LatestOccurrence(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        DateTime At(DateTime day) => day.Date.AddHours(Hour);
        DateTime candidate;
        if (Frequency == ReportFrequency.Weekly)
        {
            candidate = At(local.AddDays(-(((int)local.DayOfWeek - Day + 7) % 7)));
            if (candidate > local)
            {
                candidate = candidate.AddDays(-7);
            }
        }
        else
        {
            candidate = At(new DateTime(local.Year, local.Month, Math.Clamp(Day, 1, MaxDayOfMonth), 0, 0, 0, DateTimeKind.Unspecified));
            if (candidate > local)
            {
                candidate = candidate.AddMonths(-1);
            }
        }

        // An hour skipped by a daylight-saving change is sent an hour later, as a clock on the wall would.
        while (zone.IsInvalidTime(candidate))
        {
            candidate = candidate.AddHours(1);
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate)).ToUniversalTime();
    }

    /// <summary>The next scheduled time after <paramref name="now"/>, for the page.</summary>
    public DateTimeOffset NextOccurrence(DateTimeOffset now, TimeZoneInfo zone)
    {
        // From the latest time, a week and two hours (or 32 days: the day is at most the 28th) on always
        // lands between the next time and the one after, across daylight-saving changes too.
        var latest = LatestOccurrence(now, zone);
        return LatestOccurrence(Frequency == ReportFrequency.Weekly ? latest.AddDays(7).AddHours(2) : latest.AddDays(32), zone);
    }

    /// <summary>A report is due once per scheduled time, and never for a time before the subscription existed.</summary>
    public DateTimeOffset? DueOccurrence(DateTimeOffset now, TimeZoneInfo zone)
    {
        var latest = LatestOccurrence(now, zone);
        return latest >= CreatedAt && (LastOccurrence is null || latest > LastOccurrence) ? latest : null;
    }
}
