using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Shouldly;
using Ticketing.Web;

namespace Ticketing.UnitTests.Admin;

public sealed class MetricsAccessTests
{
    private const string Token = "scrape-token-0123456789";

    [Theory]
    [InlineData("127.0.0.1", false, null, false)]
    [InlineData("::1", false, null, false)]
    [InlineData("::ffff:127.0.0.1", false, null, false)]
    [InlineData("10.1.2.3", false, null, false)]
    [InlineData("203.0.113.7", true, null, true)]
    [InlineData("127.0.0.1", false, "Bearer " + Token, true)]
    [InlineData("203.0.113.7", false, "bearer " + Token, true)]
    [InlineData("127.0.0.1", false, "Bearer " + Token + "x", false)]
    [InlineData("127.0.0.1", false, "Bearer ", false)]
    [InlineData("127.0.0.1", false, "Basic " + Token, false)]
    public void Metrics_are_for_signed_in_admins_or_the_configured_token_never_for_anything_local(string address, bool admin, string? authorization, bool allowed)
    {
        var context = Context(address, admin, authorization);

        ObservabilityRegistration.MayScrape(context, Token).ShouldBe(allowed);
    }

    [Fact]
    public void Without_a_configured_token_no_token_opens_the_metrics()
    {
        ObservabilityRegistration.MayScrape(Context("127.0.0.1", false, "Bearer "), null).ShouldBeFalse();
        ObservabilityRegistration.MayScrape(Context("127.0.0.1", false, "Bearer anything"), "").ShouldBeFalse();
    }

    private static AuthorizationHandlerContext Context(string address, bool admin, string? authorization)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        var user = admin
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "Admin")], "cookie"))
            : new ClaimsPrincipal(new ClaimsIdentity());
        return new AuthorizationHandlerContext([], user, http);
    }
}
