using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Commands.CreateUser;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Users;

/// <summary>Creates an account with a temporary password; the user chooses their own at the first sign-in.</summary>
public sealed class CreateModel(ISender sender) : PageModel
{
    [BindProperty]
    public CreateUserCommand Input { get; set; } = CreateUserCommand.Empty;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"User {Input.Email} created. Give them the temporary password: they must choose their own at the first sign-in.";
        return RedirectToPage("Index");
    }
}
