using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2026-11-21T10:02:31.120Z", "2026-11-21T10:02:31.120Z")]
    [InlineData("2026-11-21T10:02:31Z", "2026-11-21T10:02:31.000Z")]
    [InlineData("2026-11-21T12:02:31.1209+02:00", "2026-11-21T10:02:31.120Z")]
    [InlineData("2026-11-21T10:02:31.120 00:00", "2026-11-21T10:02:31.120Z")]
    [InlineData("2026-11-21", "2026-11-21T00:00:00.000Z")]
    public void Parses_any_offset_and_formats_utc_with_milliseconds(string input, string expected)
    {
        Timestamps.TryParse(input, out var parsed).ShouldBeTrue();

        Timestamps.Format(parsed).ShouldBe(expected);
        parsed.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("1700000000")]
    public void Rejects_what_is_not_a_timestamp(string input) => Timestamps.TryParse(input, out _).ShouldBeFalse();
}
