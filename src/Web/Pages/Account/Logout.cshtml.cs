using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Web.Pages.Account;

/// <summary>
/// Signs out on the server, not only in this browser: the user's security stamp changes, so every auth
/// cookie issued before (a copied one, another device's) fails its next stamp check (within
/// <c>Ticketing:Security:SessionValidationSeconds</c>). Signing out therefore signs out everywhere.
/// </summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, IAuditLog audit) : PageModel
{
    public const string SignOutAction = "user.sign_out";

    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await audit.WriteAsync(SignOutAction, "user", user.Id, null, cancellationToken);
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
