using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Integration.Queries.GetIntegrationSummary;

namespace Ticketing.Web.Pages.Admin;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IntegrationSummary Summary { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Summary = await sender.Send(new GetIntegrationSummaryQuery(), cancellationToken);
}
