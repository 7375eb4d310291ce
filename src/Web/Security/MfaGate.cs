using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Web.Security;

/// <summary>
/// Two-step sign-in in the session: a sign-in that passed the second step carries <c>amr=mfa</c>. A
/// signed-in user without it whom an <see cref="IMfaRequirement"/> names (an admin when admins must use
/// it; phi's PHI access holders) is sent to set it up before any other page, and refused by scripts.
/// </summary>
public static class MfaGate
{
    public const string PagePath = "/Account/Mfa";

    /// <summary>The authentication method reference claim (RFC 8176) Identity itself writes for a second step.</summary>
    public const string AmrClaimType = "amr";
    public const string AmrMfa = "mfa";

    private static readonly string[] Allowed =
        [PagePath, "/Account/Logout", "/Account/AccessDenied", IdleLogoff.KeepAlivePath, MustChangePassword.PagePath, "/Error"];

    public static Claim Claim() => new(AmrClaimType, AmrMfa);

    public static bool SignedInWithSecondStep(ClaimsPrincipal user) => user.HasClaim(AmrClaimType, AmrMfa);

    /// <summary>Why this user must use two-step sign-in (the first rule that asks it), or null.</summary>
    public static async Task<string?> ReasonAsync(IServiceProvider services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        foreach (var requirement in services.GetServices<IMfaRequirement>())
        {
            if (await requirement.ReasonAsync(user, cancellationToken) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>The stamp check rebuilds the sign-in's claims every minute: the second step must survive it.</summary>
    public static Task KeepClaimOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal is { } current && SignedInWithSecondStep(current)
            && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(AmrClaimType, AmrMfa))
        {
            identity.AddClaim(Claim());
        }

        return Task.CompletedTask;
    }

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true
            || SignedInWithSecondStep(user)
            || Allowed.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))
            || await ReasonAsync(context.RequestServices, user, context.RequestAborted) is null)
        {
            await next();
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.Redirect(PagePath);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
