using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Notifications;

namespace Ticketing.UnitTests.Web;

public sealed class NotificationTextTests
{
    private static readonly DateTimeOffset Due = new(2026, 7, 1, 14, 5, 0, TimeSpan.Zero);

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

    private static InboxItem Item(string message, DateTimeOffset? dueAt, NotificationType type = NotificationType.SlaBreach) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "IT-1", type, "IT-1 breached its SLA", message, false, Due, [], dueAt);

    private static string Describe(InboxItem item, string? zone)
    {
        using var writer = new StringWriter();
        NotificationText.Describe(item, TimeIn(zone)).WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public void Shows_the_due_time_of_a_breach_in_the_readers_zone()
    {
        var html = Describe(Item("VPN drops", Due), "Europe/Lisbon");

        html.ShouldBe("Due <time datetime=\"2026-07-01T14:05:00.0000000+00:00\" title=\"1 Jul 2026, 15:05 (Europe/Lisbon)\">1 Jul 2026, 15:05 (Europe/Lisbon)</time> and still not resolved: VPN drops");
    }

    [Fact]
    public void The_same_breach_reads_in_another_zone_for_another_reader()
    {
        Describe(Item("VPN drops", Due), "Asia/Tokyo").ShouldContain(">1 Jul 2026, 23:05 (Asia/Tokyo)</time>");
    }

    [Fact]
    public void Says_utc_when_the_browser_has_not_told_its_zone()
    {
        Describe(Item("VPN drops", Due), zone: null).ShouldContain(">1 Jul 2026, 14:05 (UTC)</time>");
    }

    [Fact]
    public void Encodes_the_message_and_adds_no_time_where_there_is_none()
    {
        var html = Describe(Item("<b>Due 2026-07-01 14:05 UTC</b>", dueAt: null, NotificationType.WriteRejected), "Asia/Tokyo");

        html.ShouldBe("&lt;b&gt;Due 2026-07-01 14:05 UTC&lt;/b&gt;");
    }
}
