using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ticketing.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
// The page of last resort answers even when the render queue is full.
[Infrastructure.NotQueued]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; } = StatusCodes.Status500InternalServerError;

    public string? RequestId { get; private set; }

    /// <summary>Why access was refused, in the refusal's own words, when a page handler said so.</summary>
    public string? ForbiddenReason => Status == StatusCodes.Status403Forbidden
        ? HttpContext.Items[Infrastructure.MediatorExceptionPageFilter.ForbiddenReasonKey] as string
        : null;

    public void OnGet(int? code) => Show(code);

    public void OnPost(int? code) => Show(code);

    private void Show(int? code)
    {
        // The exception handler and the status-code pages re-execute here with the failure's status set;
        // a direct visit has no failure to report, so it is "not found" rather than a made-up 500.
        Status = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status404NotFound);
        Response.StatusCode = Status;
        RequestId = HttpContext.TraceIdentifier;
    }
}
