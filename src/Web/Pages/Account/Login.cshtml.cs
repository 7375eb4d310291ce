using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
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
    TimeProvider clock,
    IAuditLog audit,
    DummyPasswordHash dummyHash,
    ILogger<LoginModel> logger) : PageModel
{
    public const string SignInAction = "user.sign_in";
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

    public IActionResult OnGet() =>
        signIn.IsSignedIn(User) ? LocalRedirect(ReturnTo()) : Page();

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
            Claim[] extraClaims = user.MustChangePassword ? [MustChangePassword.Claim()] : [];
            await signIn.SignInWithClaimsAsync(user, Input.RememberMe, extraClaims);
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);

            // The audit entry names the user who signed in, though this request started anonymous.
            HttpContext.User = await signIn.CreateUserPrincipalAsync(user);
            await audit.WriteAsync(SignInAction, "user", user.Id, new { must_change_password = user.MustChangePassword }, cancellationToken);
            logger.LogInformation("User {UserId} signed in", user.Id);
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
}
