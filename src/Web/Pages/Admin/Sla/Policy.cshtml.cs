using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Sla.Commands.DeleteSlaPolicy;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sla.Queries.GetSlaAdmin;
using Ticketing.Domain.Sla;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Sla;

/// <summary>Creates an SLA policy (no id) or edits one; a policy can be deleted here too.</summary>
public sealed class PolicyModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveSlaPolicyCommand Input { get; set; } = new();

    public IReadOnlyList<SlaCalendar> Calendars { get; private set; } = [];

    public bool IsNew => Input.Id is null;

    public async Task OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        var admin = await sender.Send(new GetSlaAdminQuery(), cancellationToken);
        Calendars = admin.Calendars;
        if (id is { } existing)
        {
            Input = SaveSlaPolicyCommand.For(admin.Policies.FirstOrDefault(p => p.Id == existing) ?? throw new NotFoundException("SLA policy", existing));
        }
        else
        {
            Input = new SaveSlaPolicyCommand
            {
                Position = admin.Policies.Count == 0 ? 0 : admin.Policies.Max(p => p.Position) + 10,
                IsDefault = admin.Policies.Count == 0,
                FirstResponseHours = 4,
                ResolutionHours = 24,
                BusinessHours = admin.Calendars.Count > 0,
                CalendarId = admin.Calendars.Count > 0 ? admin.Calendars[0].Id : null,
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        // The address says which policy; a form field must not redirect the change to another one.
        Input = Input with { Id = id };
        Calendars = (await sender.Send(new GetSlaAdminQuery(), cancellationToken)).Calendars;
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Policy “{Input.Name?.Trim()}” {(id is null ? "created" : "saved")}. Every ticket's SLA is being recomputed.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteSlaPolicyCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "Policy deleted. Every ticket's SLA is being recomputed.";
        return RedirectToPage("Index");
    }
}
