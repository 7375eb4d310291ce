using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Sla.Commands.DeleteEscalationRule;
using Ticketing.Application.Sla.Commands.SaveEscalationRule;
using Ticketing.Application.Sla.Queries.GetEscalations;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Sla;

/// <summary>A policy's escalation rules (add, delete) and their recent firings with the outcome.</summary>
public sealed class EscalationsModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveEscalationRuleCommand Input { get; set; } = new();

    public EscalationsPage View { get; private set; } = null!;

    public async Task OnGetAsync(Guid policyId, CancellationToken cancellationToken)
    {
        View = await sender.Send(new GetEscalationsQuery(policyId), cancellationToken);
        Input = new SaveEscalationRuleCommand { PolicyId = policyId };
    }

    public async Task<IActionResult> OnPostAsync(Guid policyId, CancellationToken cancellationToken)
    {
        // The address says which policy; a form field must not move the rule to another one.
        Input = Input with { PolicyId = policyId };
        View = await sender.Send(new GetEscalationsQuery(policyId), cancellationToken);
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Escalation rule added.";
        return RedirectToPage(new { policyId });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid policyId, Guid ruleId, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteEscalationRuleCommand(ruleId), cancellationToken);
        TempData[StatusMessage.Key] = "Escalation rule deleted. Its past firings stay in the tickets' history.";
        return RedirectToPage(new { policyId });
    }
}
