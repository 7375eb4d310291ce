using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Ticketing.Application.Channels;

namespace Ticketing.Infrastructure.Channels.Calendar;

/// <summary>Writes the feed with Ical.Net: one 30-minute event at each due time, in UTC.</summary>
internal sealed class IcalCalendarWriter : ICalendarWriter
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    public string Write(string calendarName, IReadOnlyList<Application.Channels.CalendarEvent> events)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Ticketing//IT tickets due//EN" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        foreach (var e in events)
        {
            calendar.Events.Add(new Ical.Net.CalendarComponents.CalendarEvent
            {
                Uid = e.Uid,
                Summary = e.Summary,
                Description = e.Description,
                Url = new Uri(e.Url),
                DtStart = new CalDateTime(e.Start.UtcDateTime),
                DtEnd = new CalDateTime((e.Start + Length).UtcDateTime),
                DtStamp = new CalDateTime(e.LastModified.UtcDateTime),
                LastModified = new CalDateTime(e.LastModified.UtcDateTime),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
