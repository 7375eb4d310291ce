using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Templates;
using Ticketing.Application.Templates.Queries.GetTicketTemplates;

namespace Ticketing.Web.Pages.Admin.Templates;

/// <summary>The ticket templates the create form offers.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<TicketTemplateView> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Templates = await sender.Send(new GetTicketTemplatesQuery(), cancellationToken);
}
