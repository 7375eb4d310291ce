using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Notifications;

namespace Ticketing.UnitTests.Web;

public sealed class NotificationTextTests
{
    private static UserTime TimeIn(string? zone)
    {
        var context = new DefaultHttpContext();
        if (zone is not null)
        {
            context.Request.Headers.Cookie = $"{UserTime.CookieName}={zone}";
        }

        var accessor = Substitute.For<IHttpContextAccessor>();
        accessor.HttpContext.Returns(context);
        return new UserTime(accessor, new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero)));
    }

    private static string Render(string text, string? zone)
    {
        using var writer = new StringWriter();
        NotificationText.Render(text, TimeIn(zone)).WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public void Shows_a_utc_time_in_the_readers_zone()
    {
        var html = Render("Due 2026-07-01 14:05 UTC and still not resolved: VPN drops", "Europe/Lisbon");

        html.ShouldBe("Due <time datetime=\"2026-07-01T14:05Z\" title=\"1 Jul 2026, 15:05 (Europe/Lisbon)\">1 Jul 2026, 15:05 (Europe/Lisbon)</time> and still not resolved: VPN drops");
    }

    [Fact]
    public void Says_utc_when_the_browser_has_not_told_its_zone()
    {
        var html = Render("Due 2026-07-01 14:05 UTC", zone: null);

        html.ShouldContain(">1 Jul 2026, 14:05 (UTC)</time>");
    }

    [Fact]
    public void Encodes_the_rest_of_the_text_and_leaves_other_numbers_alone()
    {
        var html = Render("<b>IT-2026-07-01</b> 2026-13-45 99:99 UTC", "Asia/Tokyo");

        html.ShouldBe("&lt;b&gt;IT-2026-07-01&lt;/b&gt; 2026-13-45 99:99 UTC");
    }

    [Fact]
    public void Converts_every_time_in_the_text()
    {
        var html = Render("From 2026-01-10 23:30 UTC to 2026-01-11 00:15 UTC", "Asia/Tokyo");

        html.ShouldContain(">11 Jan 2026, 08:30 (Asia/Tokyo)</time>");
        html.ShouldContain(">11 Jan 2026, 09:15 (Asia/Tokyo)</time>");
        html.ShouldNotContain("UTC");
    }
}
