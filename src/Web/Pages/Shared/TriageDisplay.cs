using System.Globalization;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;

namespace Ticketing.Web.Pages.Shared;

/// <summary>Triage's values in words: a priority's wire name as people say it, confidence as a percentage.</summary>
public static class TriageDisplay
{
    public static string Label(TriageTarget target) => target switch
    {
        TriageTarget.Category => "Category",
        TriageTarget.Department => "Department",
        _ => "Priority",
    };

    /// <summary>A suggested value as a person reads it: categories and departments as they are, priorities in words.</summary>
    public static string Value(TriageTarget target, string value) =>
        target == TriageTarget.Priority && WireName<TicketPriority>.TryParse(value, out var priority)
            ? TicketDisplay.Label(priority)
            : value;

    public static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0} %");

    public static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
