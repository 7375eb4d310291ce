using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ticketing.Web.Security;

/// <summary>
/// The automatic logoff. The server ends a session idle for <see cref="SecurityOptions.IdleTimeout"/>
/// (the auth cookie's expiry). A page a person opens renews it to the full idle time once the cookie is
/// older than <see cref="SecurityOptions.IdleRenewal"/>, and "Stay signed in" always does; the page's own
/// clock (<c>idle.js</c>), started when the page loads, counts <see cref="SecurityOptions.IdleClock"/> (the idle
/// time less that renewal step), so it never runs later than the server's whether this page renewed the
/// cookie or not. The page warns <see cref="SecurityOptions.IdleWarning"/> before and, at the end, goes to the
/// sign-in page with <c>reason=idle</c>, which ends what is left of the session and says why.
/// </summary>
public static class IdleLogoff
{
    public const string KeepAlivePath = "/Account/KeepAlive";

    public const string ReasonValue = "idle";

    /// <summary>
    /// Renews the session on "Stay signed in", and on a page opened in a browser when the cookie is older than
    /// <paramref name="renewal"/> (besides ASP.NET's sliding renewal after half the time). Not on every page:
    /// a renewal writes a new encrypted cookie, and a person paging through the list would pay it on each page.
    /// </summary>
    public static void RenewOnNavigation(CookieAuthenticationOptions options, TimeSpan renewal)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validate = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            await validate(context);
            if (context.Principal is null)
            {
                return;
            }

            var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
            if (IsKeepAlive(context.Request)
                || (IsPageOpened(context.Request) && (context.Properties.IssuedUtc is not { } issued || now - issued >= renewal)))
            {
                context.ShouldRenew = true;
            }
        };
    }

    private static bool IsKeepAlive(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(KeepAlivePath, StringComparison.OrdinalIgnoreCase);

    private static bool IsPageOpened(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
