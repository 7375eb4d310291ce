using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ticketing.Web.Security;

/// <summary>
/// Identity's session check (<see cref="SecurityStampValidator"/>) resolves its validator on every request (a
/// sign-in manager, a user manager, a database context) only to find, on almost every one, that the cookie is
/// younger than <see cref="SecurityStampValidatorOptions.ValidationInterval"/> and nothing is due: a tenth of a
/// list page's CPU. This asks that question first, with Identity's own rule and options, and resolves nothing
/// until a check is due; a due check runs exactly as before.
/// </summary>
public static class SecurityStampCheck
{
    public static void OnlyWhenDue(CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validate = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = context =>
        {
            var stamp = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
            var now = (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow();
            return context.Properties.IssuedUtc is { } issued && now - issued <= stamp.ValidationInterval
                ? Task.CompletedTask
                : validate(context);
        };
    }
}
