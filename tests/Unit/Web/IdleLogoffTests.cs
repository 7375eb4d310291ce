using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Ticketing.Web.Security;

namespace Ticketing.UnitTests.Web;

public sealed class IdleLogoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 21, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("GET", "/Tickets", "text/html", 61, true)]
    [InlineData("GET", "/Tickets", "text/html", 20, false)]
    [InlineData("GET", "/Tickets", "application/json", 600, false)]
    [InlineData("POST", IdleLogoff.KeepAlivePath, "application/json", 1, true)]
    public async Task A_page_opened_renews_the_cookie_once_it_is_older_than_the_step_and_stay_signed_in_always(
        string method, string path, string accept, int issuedSecondsAgo, bool renewed)
    {
        var options = new CookieAuthenticationOptions { TimeProvider = new FakeTimeProvider(Now) };
        IdleLogoff.RenewOnNavigation(options, TimeSpan.FromMinutes(1));
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.Headers.Accept = accept;
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "Identity.Application")),
            new AuthenticationProperties { IssuedUtc = Now.AddSeconds(-issuedSecondsAgo), ExpiresUtc = Now.AddMinutes(14) },
            "Identity.Application");
        var context = new CookieValidatePrincipalContext(
            http, new AuthenticationScheme("Identity.Application", null, typeof(CookieAuthenticationHandler)), options, ticket);

        await options.Events.ValidatePrincipal(context);

        context.ShouldRenew.ShouldBe(renewed);
    }

    [Fact]
    public void The_page_clock_is_the_idle_time_less_the_renewal_step()
    {
        var fifteen = new SecurityOptions { IdleTimeoutMinutes = 15 };
        fifteen.IdleRenewal.ShouldBe(TimeSpan.FromMinutes(1));
        fifteen.IdleClock.ShouldBe(TimeSpan.FromMinutes(14));
        new SecurityOptions { IdleTimeoutMinutes = 1 }.IdleRenewal.ShouldBe(TimeSpan.FromSeconds(6));
    }
}

public sealed class SecurityStampCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 21, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, false)]
    [InlineData(61, true)]
    [InlineData(null, true)]
    public async Task Identitys_check_runs_only_once_the_cookie_is_older_than_the_interval(int? issuedSecondsAgo, bool checkedNow)
    {
        var ran = false;
        var options = new CookieAuthenticationOptions();
        options.Events.OnValidatePrincipal = _ =>
        {
            ran = true;
            return Task.CompletedTask;
        };
        SecurityStampCheck.OnlyWhenDue(options);
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new SecurityStampValidatorOptions { ValidationInterval = TimeSpan.FromSeconds(60), TimeProvider = new FakeTimeProvider(Now) }));
        using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "Identity.Application")),
            new AuthenticationProperties { IssuedUtc = issuedSecondsAgo is { } ago ? Now.AddSeconds(-ago) : null },
            "Identity.Application");
        var context = new CookieValidatePrincipalContext(
            http, new AuthenticationScheme("Identity.Application", null, typeof(CookieAuthenticationHandler)), options, ticket);

        await options.Events.ValidatePrincipal(context);

        ran.ShouldBe(checkedNow);
    }
}
