using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Views.Commands.SaveView;
using Ticketing.Application.Views.Commands.ShareView;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Views;

/// <summary>
/// "Save this view": the list's panel posts here and comes back to the list it saved. A refused
/// name is shown here to correct.
/// </summary>
public sealed class SaveModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveViewCommand Input { get; set; } = new(null, null);

    /// <summary>An admin's "Share with everyone": the view is saved, then shared.</summary>
    [BindProperty]
    public bool Share { get; set; }

    // Opened without the panel's form (from a bookmark, say), the query to save comes in the address.
    public void OnGet(string? query) => Input = new SaveViewCommand(null, query);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var view = await sender.Send(Input, cancellationToken);
        if (Share)
        {
            await sender.Send(new ShareViewCommand(view.Id, Shared: true), cancellationToken);
        }

        TempData[StatusMessage.Key] = Share ? $"Saved the view “{view.Name}” and shared it with everyone." : $"Saved the view “{view.Name}”.";
        return LocalRedirect(ListUrl(view.QueryString));
    }

    public static string ListUrl(string? query) =>
        string.IsNullOrEmpty(query) ? "/Tickets" : "/Tickets?" + query.TrimStart('?');
}
