using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Web.Infrastructure;

namespace Ticketing.UnitTests.Web;

public sealed class MediatorExceptionPageFilterTests
{
    private sealed class FormPage : PageModel, IRepopulatingPage
    {
        public int Repopulated { get; private set; }

        public Task RepopulateAsync(CancellationToken cancellationToken)
        {
            Repopulated++;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Validation_errors_become_model_state_errors_on_input_fields()
    {
        var (page, executed) = await RunAsync(new ValidationException(new Dictionary<string, string[]>
        {
            ["Title"] = ["Enter a title."],
            [""] = ["Something about the whole form."],
        }));

        executed.ExceptionHandled.ShouldBeTrue();
        executed.Result.ShouldBeOfType<PageResult>();
        page.ModelState["Input.Title"]!.Errors.Single().ErrorMessage.ShouldBe("Enter a title.");
        page.ModelState[string.Empty]!.Errors.Single().ErrorMessage.ShouldBe("Something about the whole form.");
        page.Repopulated.ShouldBe(1);
    }

    [Fact]
    public async Task Not_found_becomes_404()
    {
        var (_, executed) = await RunAsync(new NotFoundException("Ticket", "IT-1"));

        executed.ExceptionHandled.ShouldBeTrue();
        executed.Result.ShouldBeOfType<NotFoundResult>();
    }

    [Fact]
    public async Task Forbidden_becomes_403()
    {
        var (_, executed) = await RunAsync(new ForbiddenAccessException());

        executed.ExceptionHandled.ShouldBeTrue();
        executed.Result.ShouldBeOfType<StatusCodeResult>().StatusCode.ShouldBe(403);
    }

    [Fact]
    public async Task Other_exceptions_are_left_to_the_error_handler()
    {
        var (_, executed) = await RunAsync(new InvalidOperationException("boom"));

        executed.ExceptionHandled.ShouldBeFalse();
        executed.Result.ShouldBeNull();
    }

    private static async Task<(FormPage Page, PageHandlerExecutedContext Executed)> RunAsync(Exception thrown)
    {
        var actionContext = new ActionContext(new DefaultHttpContext(), new RouteData(), new Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor(), new ModelStateDictionary());
        var pageContext = new PageContext(actionContext);
        var page = new FormPage { PageContext = pageContext };
        var executing = new PageHandlerExecutingContext(pageContext, [], handlerMethod: null, new Dictionary<string, object?>(), page);
        var executed = new PageHandlerExecutedContext(pageContext, [], handlerMethod: null, page) { Exception = thrown };

        await new MediatorExceptionPageFilter().OnPageHandlerExecutionAsync(executing, () => Task.FromResult(executed));
        return (page, executed);
    }
}
