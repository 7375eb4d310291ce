using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Security;

namespace Ticketing.Web.Pages.Account;

/// <summary>
/// The second step of a sign-in for an account with two-step sign-in on: a code from the authenticator
/// app, or one of the recovery codes (each works once). Wrong codes count towards the account's lockout
/// like wrong passwords, and the page is under the sign-in rate limit.
/// </summary>
public sealed class LoginWithMfaModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    SignInCompletion completion,
    IAuditLog audit,
    ILogger<LoginWithMfaModel> logger) : PageModel
{
    public const string PagePath = "/Account/LoginWithMfa";

    public const string FailedMessage = "That code is not right. Type the six digits your app shows now, or one of your recovery codes.";

    [BindProperty]
    [Display(Name = "Code")]
    [Required(ErrorMessage = "Type the code from your authenticator app, or a recovery code.")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Expired() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Expired();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = MfaCodes.Normalise(Code);
        var method = MfaCodes.IsAuthenticatorCode(code) ? "authenticator" : "recovery_code";
        var locked = await users.IsLockedOutAsync(user);
        var valid = !locked && (method == "authenticator"
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, MfaCodes.NormaliseRecoveryCode(Code))).Succeeded);
        if (!valid)
        {
            if (!locked)
            {
                await users.AccessFailedAsync(user);
            }

            // The entry names the user; the page then renders for the anonymous visitor again, or its
            // antiforgery token would belong to a user the next post does not come from.
            var visitor = HttpContext.User;
            HttpContext.User = await signIn.CreateUserPrincipalAsync(user);
            await audit.WriteAsync(MfaCodes.FailedAction, "user", user.Id, new { step = "sign_in", method, reason = locked ? "locked_out" : "wrong_code" }, cancellationToken);
            HttpContext.User = visitor;
            logger.LogInformation("Second sign-in step failed for user {UserId}", user.Id);
            // The same words for a locked account: the page does not say which it is.
            ModelState.AddModelError(nameof(Code), FailedMessage);
            Code = null;
            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await completion.CompleteAsync(HttpContext, user, RememberMe, method, cancellationToken);
        var back = SafeReturnUrl.Or(ReturnUrl);
        return user.MustChangePassword
            ? RedirectToPage(MustChangePassword.PagePath, new { returnUrl = back })
            : LocalRedirect(back);
    }

    /// <summary>The password step lasts five minutes: after that, or without it, sign in again.</summary>
    private RedirectToPageResult Expired() => RedirectToPage("/Account/Login", new { returnUrl = SafeReturnUrl.Or(ReturnUrl) });
}
