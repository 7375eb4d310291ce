using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Views.Commands.SaveView;
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

    // Opened without the panel's form (from a bookmark, say), the query to save comes in the address.
    public void OnGet(string? query) => Input = new SaveViewCommand(null, query);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var view = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Saved the view “{view.Name}”.";
        return LocalRedirect(ListUrl(view.QueryString));
    }

    public static string ListUrl(string? query) =>
        string.IsNullOrEmpty(query) ? "/Tickets" : "/Tickets?" + query.TrimStart('?');
}
