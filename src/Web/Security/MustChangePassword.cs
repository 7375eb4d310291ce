using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Ticketing.Web.Security;

/// <summary>
/// A user signed in with a temporary password carries <see cref="ClaimType"/> until they choose their
/// own: every page but the change-password page (and signing out) sends them there, and anything else
/// (JSON endpoints, the live hub) refuses them.
/// </summary>
public static class MustChangePassword
{
    public const string ClaimType = "must_change_password";
    public const string PagePath = "/Account/ChangePassword";

    private static readonly string[] Allowed = [PagePath, "/Account/Logout", "/Account/AccessDenied", IdleLogoff.KeepAlivePath, "/Error"];

    public static bool Applies(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.HasClaim(ClaimType, "true");

    public static Claim Claim() => new(ClaimType, "true");

    /// <summary>The security stamp check rebuilds the sign-in's claims every few minutes: this claim must survive it.</summary>
    public static Task KeepClaimOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal is { } current && Applies(current)
            && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(ClaimType, "true"))
        {
            identity.AddClaim(Claim());
        }

        return Task.CompletedTask;
    }

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!Applies(context.User) || Allowed.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
        {
            await next();
            return;
        }

        // A browser opening a page is sent to choose a password; scripts and forms are refused.
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.Redirect(PagePath);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
