using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Web.Security;

/// <summary>
/// The end of every sign-in (password alone, or password then a second step) and the re-issue of a
/// session after its two-step state changed: one place decides which claims a session carries.
/// </summary>
public sealed class SignInCompletion(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    TimeProvider clock,
    IAuditLog audit,
    ILogger<SignInCompletion> logger)
{
    public const string SignInAction = "user.sign_in";

    /// <summary>Where a user who must use two-step sign-in but has none is sent after their password.</summary>
    public async Task CompleteAsync(HttpContext http, ApplicationUser user, bool remember, string? secondStep, CancellationToken cancellationToken)
    {
        await signIn.SignInWithClaimsAsync(user, remember, ClaimsFor(user, secondStep is not null));
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);

        // The audit entry names the user who signed in, though this request started anonymous.
        http.User = await signIn.CreateUserPrincipalAsync(user);
        await audit.WriteAsync(SignInAction, "user", user.Id, new { must_change_password = user.MustChangePassword, second_step = secondStep }, cancellationToken);
        logger.LogInformation("User {UserId} signed in", user.Id);
    }

    /// <summary>
    /// A fresh session cookie for the signed-in user (their security stamp changed when two-step sign-in
    /// was turned on or off), keeping "keep me signed in" and the temporary-password state.
    /// </summary>
    public async Task ReissueAsync(HttpContext http, bool secondStep)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return;
        }

        var current = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignInWithClaimsAsync(user, current.Properties?.IsPersistent ?? false, ClaimsFor(user, secondStep));
    }

    private static Claim[] ClaimsFor(ApplicationUser user, bool secondStep) =>
        [.. user.MustChangePassword ? [MustChangePassword.Claim()] : Array.Empty<Claim>(), .. secondStep ? [MfaGate.Claim()] : Array.Empty<Claim>()];
}
