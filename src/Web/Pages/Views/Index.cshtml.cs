using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Views.Commands.DeleteSharedView;
using Ticketing.Application.Views.Commands.DeleteView;
using Ticketing.Application.Views.Commands.ShareView;
using Ticketing.Application.Views.Queries.GetSavedViews;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Views;

/// <summary>
/// The signed-in user's saved views and the shared ones, to open, rename or delete; admins also
/// share their views and manage the shared ones.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public SavedViewList Views { get; private set; } = SavedViewList.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Views = await sender.Send(new GetSavedViewsQuery(Fresh: true), cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteViewCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "View deleted.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteSharedAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteSharedViewCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "Shared view deleted.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostShareAsync(Guid id, bool shared, CancellationToken cancellationToken)
    {
        await sender.Send(new ShareViewCommand(id, shared), cancellationToken);
        TempData[StatusMessage.Key] = shared ? "View shared with everyone." : "View is personal again (its owner's).";
        return RedirectToPage();
    }
}
