using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Views.Commands.RenameSharedView;
using Ticketing.Application.Views.Commands.RenameView;
using Ticketing.Application.Views.Queries.GetSavedView;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Views;

/// <summary>Renames one of the signed-in user's views, or (admins) a shared view; someone else's personal view is a 404.</summary>
public sealed class RenameModel(ISender sender) : PageModel
{
    [BindProperty]
    public RenameViewCommand Input { get; set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await sender.Send(new GetSavedViewQuery(id), cancellationToken);
        Input = new RenameViewCommand(view.Id, view.Name);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        // The address says which view; a form field must not rename another one.
        Input = Input with { Id = id };
        if ((await sender.Send(new GetSavedViewQuery(id), cancellationToken)).IsShared)
        {
            await sender.Send(new RenameSharedViewCommand(id, Input.Name), cancellationToken);
        }
        else
        {
            await sender.Send(Input, cancellationToken);
        }

        TempData[StatusMessage.Key] = $"View renamed to “{Input.Name?.Trim()}”.";
        return RedirectToPage("Index");
    }
}
