using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Templates.Commands.DeleteTicketTemplate;
using Ticketing.Application.Templates.Commands.SaveTicketTemplate;
using Ticketing.Application.Templates.Queries.GetTicketTemplate;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Templates;

/// <summary>Creates a ticket template (no id) or edits one; a template can be deleted here too.</summary>
public sealed class EditModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveTicketTemplateCommand Input { get; set; } = new();

    public bool IsNew => Input.Id is null;

    public async Task OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Input = id is { } existing
            ? SaveTicketTemplateCommand.For(await sender.Send(new GetTicketTemplateQuery(existing), cancellationToken))
            : new SaveTicketTemplateCommand();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        // The address says which template; a form field must not redirect the change to another one.
        Input = Input with { Id = id };
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = id is null ? $"Template “{Input.Name?.Trim()}” created." : $"Template “{Input.Name?.Trim()}” saved.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var template = await sender.Send(new GetTicketTemplateQuery(id), cancellationToken);
        await sender.Send(new DeleteTicketTemplateCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = $"Template “{template.Name}” deleted.";
        return RedirectToPage("Index");
    }
}
