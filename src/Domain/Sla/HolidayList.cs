using System.Globalization;

namespace Ticketing.Domain.Sla;

/// <summary>
/// Reads a list of holidays as people have them: one date per line (<c>2026-12-25</c>, optionally
/// followed by a comma or spaces and a name), a CSV export with a header, or an iCalendar file (each
/// event's <c>DTSTART</c> date). Lines that hold no date (headers, blank lines, other iCalendar lines)
/// are skipped; a line that looks like a date but is not one is reported.
/// </summary>
public static class HolidayList
{
    public static (IReadOnlyList<DateOnly> Dates, IReadOnlyList<string> Problems) Parse(string? text)
    {
        var dates = new SortedSet<DateOnly>();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], problems);
        }

        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim().Trim('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("DTSTART", StringComparison.OrdinalIgnoreCase))
            {
                var value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
                if (value.Length >= 8 && DateOnly.TryParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var icsDate))
                {
                    dates.Add(icsDate);
                }
                else
                {
                    problems.Add($"Line {lineNumber}: “{Shorten(line)}” has no date.");
                }

                continue;
            }

            var first = line.Split([',', ';', '\t', ' '], 2)[0].Trim('"');
            if (!char.IsAsciiDigit(first.FirstOrDefault()))
            {
                continue;
            }

            if (DateOnly.TryParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
            else
            {
                problems.Add($"Line {lineNumber}: “{Shorten(first)}” is not a date like 2026-12-25.");
            }
        }

        return ([.. dates], problems);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
