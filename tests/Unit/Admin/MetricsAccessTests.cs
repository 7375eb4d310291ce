using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Shouldly;
using Ticketing.Web;

namespace Ticketing.UnitTests.Admin;

public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("::ffff:127.0.0.1", false, true)]
    [InlineData("10.1.2.3", false, false)]
    [InlineData("203.0.113.7", true, true)]
    public void Metrics_are_for_this_machine_or_for_signed_in_admins(string address, bool admin, bool allowed)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        var user = admin
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "Admin")], "cookie"))
            : new ClaimsPrincipal(new ClaimsIdentity());
        var context = new AuthorizationHandlerContext([], user, http);

        ObservabilityRegistration.MayScrape(context).ShouldBe(allowed);
    }
}
