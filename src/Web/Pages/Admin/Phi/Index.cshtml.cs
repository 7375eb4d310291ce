using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Admin.Phi.Commands.ChangePhiRule;
using Ticketing.Application.Admin.Phi.Commands.SetPhiAccess;
using Ticketing.Application.Admin.Phi.Queries.GetPhiSettings;
using Ticketing.Application.Phi.Commands.ReclassifyPhi;
using Ticketing.Domain.Phi;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Phi;

/// <summary>
/// Protected health information: the classification rules, the re-classification's progress and who
/// holds PHI access. Every change is audited by its use case.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel, IRepopulatingPage
{
    public PhiSettings Settings { get; private set; } = null!;

    [BindProperty]
    public AddPhiRuleCommand Input { get; set; } = new(null, PhiRuleKind.Pattern, null, null);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Settings = await sender.Send(new GetPhiSettingsQuery(), cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Rule “{Input.Name}” added. Every ticket is being re-classified in the background.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeAsync(long id, PhiRuleChange change, CancellationToken cancellationToken)
    {
        await sender.Send(new ChangePhiRuleCommand(id, change), cancellationToken);
        TempData[StatusMessage.Key] = change switch
        {
            PhiRuleChange.Delete => "Rule deleted. Tickets it flagged stay restricted until the re-classification reaches them.",
            PhiRuleChange.Disable => "Rule switched off. Tickets it flagged stay restricted until the re-classification reaches them.",
            _ => "Rule switched on. Every ticket is being re-classified in the background.",
        };
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReclassifyAsync(CancellationToken cancellationToken)
    {
        var progress = await sender.Send(new ReclassifyPhiCommand(), cancellationToken);
        TempData[StatusMessage.Key] = progress.Running
            ? $"Re-classified {progress.Processed:N0} of {progress.Total:N0} tickets; the job goes on every minute."
            : "Every ticket is classified with the current rules.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAccessAsync(string userId, bool grant, CancellationToken cancellationToken)
    {
        await sender.Send(new SetPhiAccessCommand(userId, grant), cancellationToken);
        TempData[StatusMessage.Key] = grant
            ? "PHI access granted. It applies from the user's next page (within a minute)."
            : "PHI access revoked. It ends with the user's next page (within a minute).";
        return RedirectToPage();
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) => await OnGetAsync(cancellationToken);
}
