using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Triage.Commands.QueueTriageTraining;
using Ticketing.Application.Triage.Commands.UpdateTriageSettings;
using Ticketing.Application.Triage.Queries.GetTriageOverview;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Triage;

/// <summary>The triage assistant for admins: every model with its metrics beside the baselines, "Train now", the settings and the acceptance rate.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty]
    public UpdateTriageSettingsCommand Input { get; set; } = new();

    public TriageOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Overview = await sender.Send(new GetTriageOverviewQuery(), cancellationToken);
        var settings = Overview.Settings;
        Input = new UpdateTriageSettingsCommand
        {
            UsePhiTicketsForTraining = settings.UsePhiTicketsForTraining,
            AutoApplyCategoryPercent = ToPercent(settings.AutoApplyCategoryAbove),
            AutoApplyDepartmentPercent = ToPercent(settings.AutoApplyDepartmentAbove),
            AutoApplyPriorityPercent = ToPercent(settings.AutoApplyPriorityAbove),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Overview = await sender.Send(new GetTriageOverviewQuery(), cancellationToken);
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Triage settings saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTrainAsync(CancellationToken cancellationToken)
    {
        await sender.Send(new QueueTriageTrainingCommand(), cancellationToken);
        TempData[StatusMessage.Key] = "Training started in the background: the new models appear here when it ends (a minute or two for 100,000 tickets).";
        return RedirectToPage();
    }

    private static int? ToPercent(double? share) => share is { } s ? (int)Math.Round(s * 100) : null;
}
