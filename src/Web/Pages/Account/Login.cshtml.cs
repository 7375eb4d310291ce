using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Security;

namespace Ticketing.Web.Pages.Account;

public sealed class LoginModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    SignInCompletion completion,
    IAuditLog audit,
    DummyPasswordHash dummyHash,
    ILogger<LoginModel> logger) : PageModel
{
    public const string SignInAction = SignInCompletion.SignInAction;
    public const string FailedSignInAction = "user.sign_in_failed";

    /// <summary>
    /// The one answer to every failed sign-in: an unknown e-mail, a wrong password and a locked-out account
    /// read alike, so the page does not tell which accounts exist (the audit entry keeps the reason).
    /// </summary>
    public const string FailedMessage = "Invalid email or password. After too many failed attempts an account is locked for 15 minutes; an admin can unlock it sooner.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    /// <summary><c>idle</c> when the page's idle clock ran out (<see cref="IdleLogoff"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    public bool SignedOutForIdleness => Reason == IdleLogoff.ReasonValue;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!signIn.IsSignedIn(User))
        {
            return Page();
        }

        if (!SignedOutForIdleness)
        {
            return LocalRedirect(ReturnTo());
        }

        // The page's clock ran out while a background request kept the cookie alive: the person was
        // away all the same. Only this browser's session ends; a sign-out button ends them all.
        await audit.WriteAsync(LogoutModel.SignOutAction, "user", users.GetUserId(User), new { reason = IdleLogoff.ReasonValue }, cancellationToken);
        await signIn.SignOutAsync();
        return RedirectToPage(new { reason = Reason, returnUrl = ReturnUrl });
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        // The password check with Identity's lockout, then the sign-in; split so that a user with a
        // temporary password is signed in with the claim that sends them to choose their own.
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
        if (result.Succeeded && user is not null)
        {
            if (await users.GetTwoFactorEnabledAsync(user))
            {
                // The password was right; the session starts only after the second step.
                await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, SecondStepPrincipal(user.Id));
                return RedirectToPage(LoginWithMfaModel.PagePath, new { returnUrl = ReturnTo(), rememberMe = Input.RememberMe });
            }

            await completion.CompleteAsync(HttpContext, user, Input.RememberMe, secondStep: null, cancellationToken);
            return user.MustChangePassword
                ? RedirectToPage(MustChangePassword.PagePath, new { returnUrl = ReturnTo() })
                : LocalRedirect(ReturnTo());
        }

        if (user is null || result.IsLockedOut)
        {
            // Identity hashed nothing for these; a known account with a wrong password costs a hash.
            dummyHash.Verify(Input.Password);
        }

        var reason = user is null ? "unknown_account" : result.IsLockedOut ? "locked_out" : result.IsNotAllowed ? "not_allowed" : "wrong_password";
        // Never the password; the address only masked, as the field may hold anything typed into it.
        await audit.WriteAsync(FailedSignInAction, "user", user?.Id, new { email = SecretMask.Email(Input.Email), reason }, cancellationToken);
        logger.LogInformation("Sign-in failed ({Reason})", reason);
        ModelState.AddModelError(string.Empty, FailedMessage);

        Input.Password = "";
        return Page();
    }

    private string ReturnTo() => SafeReturnUrl.Or(ReturnUrl);

    /// <summary>What Identity's second step reads back (<c>GetTwoFactorAuthenticationUserAsync</c>): the user id, for five minutes.</summary>
    private static ClaimsPrincipal SecondStepPrincipal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userId)], IdentityConstants.TwoFactorUserIdScheme));
}
