using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Views;
using Ticketing.Application.Views.Commands.DeleteView;
using Ticketing.Application.Views.Queries.GetSavedViews;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Views;

/// <summary>The signed-in user's saved views, to open, rename or delete.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<SavedViewSummary> Views { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Views = (await sender.Send(new GetSavedViewsQuery(), cancellationToken)).Items;

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteViewCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "View deleted.";
        return RedirectToPage();
    }
}
