using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Account.Queries.GetMfaPolicy;
using Ticketing.Application.Admin.Commands.UpdateSecuritySettings;
using Ticketing.Application.Admin.Queries.GetUsers;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Users;

/// <summary>Every account with its role, lock and remote assignee id, and whether admins must use two-step sign-in.</summary>
public sealed class IndexModel(ISender sender, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AdminUser> Users { get; private set; } = [];

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    [BindProperty]
    public UpdateSecuritySettingsCommand Input { get; set; } = new(false);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Users = await sender.Send(new GetUsersQuery(), cancellationToken);
        Input = new UpdateSecuritySettingsCommand((await sender.Send(new GetMfaPolicyQuery(Fresh: true), cancellationToken)).RequireMfaForAdmins);
    }

    /// <summary>"Require two-step sign-in for administrators".</summary>
    public async Task<IActionResult> OnPostSecurityAsync(CancellationToken cancellationToken)
    {
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = Input.RequireMfaForAdmins
            ? "Administrators must now use two-step sign-in."
            : "Two-step sign-in is now optional for administrators.";
        return RedirectToPage();
    }
}
