using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Commands.ResetUserMfa;
using Ticketing.Application.Admin.Commands.UpdateUser;
using Ticketing.Application.Admin.Queries.GetUserMfa;
using Ticketing.Application.Admin.Queries.GetUser;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Users;

/// <summary>An account's name, role, lock and remote assignee id.</summary>
public sealed class EditModel(ISender sender, TimeProvider clock) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public UpdateUserCommand Input { get; set; } = null!;

    public AdminUser Account { get; private set; } = null!;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public MfaStatus Mfa { get; private set; } = new(false, 0);

    public async Task OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Account = await sender.Send(new GetUserQuery(id), cancellationToken);
        Mfa = await sender.Send(new GetUserMfaQuery(id), cancellationToken);
        Input = UpdateUserCommand.From(Account, Now);
    }

    /// <summary>A lost phone: the account's two-step sign-in is turned off and its sessions end.</summary>
    public async Task<IActionResult> OnPostResetMfaAsync(string id, CancellationToken cancellationToken)
    {
        await sender.Send(new ResetUserMfaCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "Two-step sign-in was reset: the user sets it up again at their next sign-in.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        // The address says which account; a form field must not redirect the change to another one.
        Input = Input with { Id = id };
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "User saved.";
        return RedirectToPage("Index");
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken)
    {
        Account = await sender.Send(new GetUserQuery(Input.Id), cancellationToken);
        Mfa = await sender.Send(new GetUserMfaQuery(Input.Id), cancellationToken);
    }
}
