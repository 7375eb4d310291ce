using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ticketing.Web.Security;

/// <summary>
/// The automatic logoff. The server ends a session idle for <see cref="SecurityOptions.IdleTimeout"/>
/// (the auth cookie's expiry). Each page a person opens, and "Stay signed in", renews it to the full
/// idle time, so the page's own clock (<c>idle.js</c>), started at that moment, never runs later than the
/// server's; the page warns <see cref="SecurityOptions.IdleWarning"/> before and, at the end, goes to the
/// sign-in page with <c>reason=idle</c>, which ends what is left of the session and says why.
/// </summary>
public static class IdleLogoff
{
    public const string KeepAlivePath = "/Account/KeepAlive";

    public const string ReasonValue = "idle";

    /// <summary>Renews the session on every page opened in a browser, besides ASP.NET's sliding renewal after half the time.</summary>
    public static void RenewOnNavigation(CookieAuthenticationOptions options)
    {
        var validate = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            await validate(context);
            if (context.Principal is not null && IsPersonsRequest(context.Request))
            {
                context.ShouldRenew = true;
            }
        };
    }

    private static bool IsPersonsRequest(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && request.Path.Equals(KeepAlivePath, StringComparison.OrdinalIgnoreCase))
        || (HttpMethods.IsGet(request.Method) && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true));
}
