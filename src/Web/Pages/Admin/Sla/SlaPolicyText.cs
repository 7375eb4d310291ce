using System.Globalization;
using Ticketing.Application.Sla.Commands.SaveSlaCalendar;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Sla;

/// <summary>Policies and calendars in words for the admin pages.</summary>
public static class SlaPolicyText
{
    public static string Condition(SlaPolicy policy)
    {
        if (policy.IsDefault)
        {
            return "Every ticket no other policy covers";
        }

        var parts = new List<string>
        {
            policy.Priorities.Length == 0 ? "Any priority" : string.Join(", ", policy.Priorities.OrderDescending().Select(p => TicketDisplay.Label(p))),
        };
        if (policy.Category is { } category)
        {
            parts.Add($"category {category}");
        }

        if (policy.Department is { } department)
        {
            parts.Add($"department {department}");
        }

        if (policy.Tag is { } tag)
        {
            parts.Add($"tagged {tag}");
        }

        return string.Join("; ", parts);
    }

    public static string Target(int minutes)
    {
        var hours = minutes / 60;
        var rest = minutes % 60;
        return (hours, rest) switch
        {
            (0, _) => $"{rest} min",
            (_, 0) => $"{hours.ToString("N0", CultureInfo.InvariantCulture)} h",
            _ => $"{hours.ToString("N0", CultureInfo.InvariantCulture)} h {rest} min",
        };
    }

    public static string Week(SlaCalendar calendar)
    {
        var days = new List<string>();
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday })
        {
            if (calendar.DayStartMinutes.ElementAtOrDefault((int)day) is { } start && calendar.DayEndMinutes.ElementAtOrDefault((int)day) is { } end)
            {
                days.Add($"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day)} {DayHoursInput.Text(start)}–{DayHoursInput.Text(end)}");
            }
        }

        return days.Count == 0 ? "Never open" : string.Join(", ", days);
    }

    public static string StateLabel(SlaState state) => state switch
    {
        SlaState.OnTrack => "On track",
        SlaState.AtRisk => "At risk",
        SlaState.Breached => "Breached",
        SlaState.Met => "Met",
        SlaState.NotApplicable => "Not applicable",
        _ => "—",
    };
}
