using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Account.Commands.ChangePassword;
using Ticketing.Infrastructure.Identity;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Security;

namespace Ticketing.Web.Pages.Account;

/// <summary>The signed-in user chooses a new password; required after an admin gave a temporary one.</summary>
public sealed class ChangePasswordModel(ISender sender, SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users) : PageModel
{
    [BindProperty]
    public ChangePasswordCommand Input { get; set; } = new(null, null, null);

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Required => MustChangePassword.Applies(User);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await sender.Send(Input, cancellationToken);
        // A fresh sign-in: the new security stamp, and no "must change password" claim any more.
        if (await users.GetUserAsync(User) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }

        // Back to this page would only ask again.
        var back = SafeReturnUrl.Or(ReturnUrl);
        return LocalRedirect(back.StartsWith(MustChangePassword.PagePath, StringComparison.OrdinalIgnoreCase) ? "/" : back);
    }
}
