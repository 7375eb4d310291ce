using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Ticketing.Web.Infrastructure;

namespace Ticketing.UnitTests.Web;

public sealed class UserTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 30, 0, TimeSpan.Zero);

    public static TheoryData<string?, int> Cases()
    {
        var data = new TheoryData<string?, int>();
        // No zone yet, a zone east and west of UTC, one whose id the encoder changes ('+'), one across a DST change.
        foreach (var zone in new string?[] { null, "Europe/Lisbon", "America/Argentina/Buenos_Aires", "Etc/GMT+3", "Asia/Kolkata", "no/such zone" })
        {
            // Ago and ahead: seconds, minutes, hours, days, past a week, past a year.
            foreach (var minutes in new[] { 0, -1, 1, 59, -59, 61, -61, 23 * 60, 25 * 60, -25 * 60, 6 * 24 * 60, 8 * 24 * 60, -8 * 24 * 60, 400 * 24 * 60 })
            {
                data.Add(zone, minutes);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_time_element_is_the_one_built_from_strings(string? zone, int minutesAgo)
    {
        var time = For(zone);
        var value = Now.AddMinutes(-minutesAgo).AddSeconds(-17);

        Html(time.Tag(value)).ShouldBe(StringBuilt(time, value, relative: true));
        Html(time.Tag(value, relative: false)).ShouldBe(StringBuilt(time, value, relative: false));
    }

    [Theory]
    [InlineData(null, 0, "just now", "7 Dec 2026, 03:29 (UTC)")]
    [InlineData(null, 5, "5 min ago", "7 Dec 2026, 03:24 (UTC)")]
    [InlineData(null, -121, "in 2 h", "7 Dec 2026, 05:30 (UTC)")]
    [InlineData("Europe/Lisbon", 3 * 24 * 60, "3 d ago", "4 Dec 2026, 03:29 (Europe/Lisbon)")]
    [InlineData("Asia/Kolkata", 30 * 24 * 60, "7 Nov 2026", "7 Nov 2026, 08:59 (Asia/Kolkata)")]
    public void Texts_read_as_before(string? zone, int minutesAgo, string relative, string exact)
    {
        var time = For(zone);
        var value = Now.AddMinutes(-minutesAgo).AddSeconds(-17);

        time.Relative(value).ShouldBe(relative);
        time.Exact(value).ShouldBe(exact);
    }

    [Fact]
    public void No_time_is_a_dash()
    {
        Html(For(null).Tag(null)).ShouldBe("<span class=\"text-body-secondary\">—</span>");
    }

    private static UserTime For(string? zone)
    {
        var context = new DefaultHttpContext();
        if (zone is not null)
        {
            context.Request.Headers.Cookie = $"{UserTime.CookieName}={Uri.EscapeDataString(zone)}";
        }

        return new UserTime(new HttpContextAccessor { HttpContext = context }, new FakeTimeProvider(Now));
    }

    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        content.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    /// <summary>The element as it was built before decision 147, from the same texts.</summary>
    private static string StringBuilt(UserTime time, DateTimeOffset value, bool relative)
    {
        var exact = time.Exact(value);
        var text = relative ? time.Relative(value) : exact;
        var iso = value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        var encoder = HtmlEncoder.Default;
        return $"<time datetime=\"{iso}\" title=\"{encoder.Encode(exact)}\">{encoder.Encode(text)}</time>";
    }
}
