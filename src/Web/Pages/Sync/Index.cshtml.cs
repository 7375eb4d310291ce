using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Sync.Commands.StartManualSync;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Sync;

/// <summary>"Sync now": starts a sync for any signed-in user; scripts get JSON, browsers without JavaScript a redirect.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(bool full, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new StartManualSyncCommand(full), cancellationToken);
        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new JsonResult(new { started = result.Started, message = result.Message });
        }

        TempData[StatusMessage.Key] = result.Message;
        return LocalRedirect(SafeReturnUrl.Or(ReturnUrl));
    }
}
