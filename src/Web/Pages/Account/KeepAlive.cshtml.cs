using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ticketing.Web.Pages.Account;

/// <summary>
/// "Stay signed in" in the idle warning: a signed-in POST renews the session to the full idle time
/// (<see cref="Security.IdleLogoff"/>); nothing else happens. A session already over is sent to sign in.
/// </summary>
public sealed class KeepAliveModel : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public IActionResult OnPost() => new NoContentResult();
}
