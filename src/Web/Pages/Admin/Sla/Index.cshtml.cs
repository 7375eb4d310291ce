using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Sla;
using Ticketing.Application.Sla.Commands.RequestSlaRecompute;
using Ticketing.Application.Sla.Queries.GetSlaCompliance;
using Ticketing.Application.Sla.Queries.GetSlaAdmin;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Sla;

/// <summary>SLA policies in the order they are tried, business-hours calendars, and the recompute's progress.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public SlaAdminView View { get; private set; } = null!;

    public IReadOnlyList<SlaComplianceRow> Compliance { get; private set; } = [];

    /// <summary>The last breach-prediction backtest (<c>sla backtest</c> on the command line); null before the first.</summary>
    public Application.Sla.Prediction.StoredBacktest? Backtest { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        View = await sender.Send(new GetSlaAdminQuery(), cancellationToken);
        Compliance = await sender.Send(new GetSlaComplianceQuery(), cancellationToken);
        Backtest = await sender.Send(new Application.Sla.Queries.GetLatestBreachBacktest.GetLatestBreachBacktestQuery(), cancellationToken);
    }

    public async Task<IActionResult> OnPostRecomputeAsync(CancellationToken cancellationToken)
    {
        await sender.Send(new RequestSlaRecomputeCommand(), cancellationToken);
        TempData[StatusMessage.Key] = "Every ticket's SLA will be recomputed in the background.";
        return RedirectToPage();
    }
}
