using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Exceptions;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// A page whose form can fail validation implements this to reload what its view needs
/// (lists, lookups) before the page is shown again with the errors.
/// </summary>
public interface IRepopulatingPage
{
    Task RepopulateAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Turns the Application layer's exceptions into page results, in one place:
/// <see cref="ValidationException"/> → the page again with errors on <c>Input.&lt;Field&gt;</c>,
/// <see cref="NotFoundException"/> → 404, <see cref="ForbiddenAccessException"/> → 403.
/// </summary>
public sealed class MediatorExceptionPageFilter : IAsyncPageFilter
{
    public const string InputPrefix = "Input";

    /// <summary>
    /// Where a refusal's own words wait for the error page the status-code pages re-execute in the same
    /// request (e.g. why a PHI ticket cannot be changed), so the page says why, not only "access denied".
    /// </summary>
    public const string ForbiddenReasonKey = "Ticketing.ForbiddenReason";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled)
        {
            return;
        }

        switch (executed.Exception)
        {
            case ValidationException validation:
                foreach (var (field, messages) in validation.Errors)
                {
                    var key = string.IsNullOrEmpty(field) ? string.Empty : $"{InputPrefix}.{field}";
                    foreach (var message in messages)
                    {
                        context.ModelState.AddModelError(key, message);
                    }
                }

                if (context.HandlerInstance is IRepopulatingPage page)
                {
                    await page.RepopulateAsync(context.HttpContext.RequestAborted);
                }

                executed.Result = context.HandlerInstance is PageModel model ? model.Page() : new PageResult();
                executed.ExceptionHandled = true;
                break;

            case NotFoundException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;

            case ForbiddenAccessException forbidden:
                context.HttpContext.Items[ForbiddenReasonKey] = forbidden.Message;
                executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                executed.ExceptionHandled = true;
                break;
        }
    }
}
