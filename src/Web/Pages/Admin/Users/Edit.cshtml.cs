using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Commands.UpdateUser;
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

    public async Task OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Account = await sender.Send(new GetUserQuery(id), cancellationToken);
        Input = UpdateUserCommand.From(Account, Now);
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        // The address says which account; a form field must not redirect the change to another one.
        Input = Input with { Id = id };
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "User saved.";
        return RedirectToPage("Index");
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Account = await sender.Send(new GetUserQuery(Input.Id), cancellationToken);
}
