using Shouldly;
using Ticketing.Domain.Sla;

namespace Ticketing.UnitTests.Sla;

public sealed class HolidayListTests
{
    [Fact]
    public void Reads_dates_with_names_from_lines_and_csv_skipping_headers_and_blanks()
    {
        var (dates, problems) = HolidayList.Parse("date,name\n2026-12-25,Christmas Day\n\n2026-12-24 Christmas Eve\r\n\"2027-01-01\";New Year\n2026-12-25 again");

        problems.ShouldBeEmpty();
        dates.ShouldBe([new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1)]);
    }

    [Fact]
    public void Reads_the_start_dates_of_an_icalendar_file()
    {
        const string ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261003\r\nSUMMARY:Tag der Deutschen Einheit\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART:20261225T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR";

        var (dates, problems) = HolidayList.Parse(ics);

        problems.ShouldBeEmpty();
        dates.ShouldBe([new DateOnly(2026, 10, 3), new DateOnly(2026, 12, 25)]);
    }

    [Fact]
    public void Reports_a_line_that_looks_like_a_date_but_is_not_one()
    {
        var (_, problems) = HolidayList.Parse("2026-02-30 Not a day\n25.12.2026");

        problems.Count.ShouldBe(2);
        problems[0].ShouldStartWith("Line 1:");
    }
}
