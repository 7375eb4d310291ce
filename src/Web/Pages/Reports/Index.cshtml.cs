using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.GetUsers;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Reports;
using Ticketing.Application.Reports.Commands.DeleteReportSubscription;
using Ticketing.Application.Reports.Commands.SubscribeToReport;
using Ticketing.Application.Reports.Queries.GetReportSubscriptions;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Domain.Reports;
using Ticketing.Domain.Users;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Reports;

/// <summary>
/// Scheduled reports: the analytics PDF by e-mail, weekly or monthly, at an hour in the recipient's zone.
/// Anyone subscribes themselves; an admin also subscribes others and sees everyone's. The form starts
/// from the analytics view it was opened from (its period and filters in the address).
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<ReportSubscriptionView> Subscriptions { get; private set; } = [];

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    /// <summary>For admins: whom they may subscribe.</summary>
    public IReadOnlyList<AdminUser> Users { get; private set; } = [];

    [BindProperty]
    public SubscribeForm Input { get; set; } = new();

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    private void Prefill(int? period, string[]? category, string[]? department, string[]? priority)
    {
        Input = new SubscribeForm
        {
            PeriodDays = period is { } p && ReportScheduleText.PeriodChoices.Contains(p) ? p : 7,
            Categories = category ?? [],
            Departments = department ?? [],
            Priorities = priority ?? [],
        };
    }

    public async Task OnGetAsync([FromQuery] int? period, [FromQuery] string[]? category, [FromQuery] string[]? department, [FromQuery] string[]? priority, CancellationToken cancellationToken)
    {
        Prefill(period, category, department, priority);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            await sender.Send(
                new SubscribeToReportCommand(
                    IsAdmin ? Input.RecipientUserId : null,
                    Input.Frequency,
                    Input.Frequency == ReportFrequency.Weekly ? Input.WeekDay : Input.MonthDay,
                    Input.Hour,
                    Input.PeriodDays,
                    Input.Categories.Where(v => !string.IsNullOrWhiteSpace(v)).ToList(),
                    Input.Departments.Where(v => !string.IsNullOrWhiteSpace(v)).ToList(),
                    Input.Priorities.Where(v => !string.IsNullOrWhiteSpace(v)).ToList(),
                    Input.Paper == "letter"),
                cancellationToken);
        }
        catch (ValidationException validation)
        {
            foreach (var message in validation.Errors.SelectMany(e => e.Value))
            {
                ModelState.AddModelError(string.Empty, message);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData[StatusMessage.Key] = "Subscribed: the report will arrive by e-mail at the time shown below.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteReportSubscriptionCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "The scheduled report is stopped.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Subscriptions = await sender.Send(new GetReportSubscriptionsQuery(), cancellationToken);
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        if (IsAdmin)
        {
            Users = await sender.Send(new GetUsersQuery(), cancellationToken);
        }
    }
}

/// <summary>The subscribe form's fields.</summary>
public sealed class SubscribeForm
{
    public string? RecipientUserId { get; set; }

    public ReportFrequency Frequency { get; set; } = ReportFrequency.Weekly;

    public int WeekDay { get; set; } = (int)DayOfWeek.Monday;

    public int MonthDay { get; set; } = 1;

    public int Hour { get; set; } = 8;

    public int PeriodDays { get; set; } = 7;

    public string[] Categories { get; set; } = [];

    public string[] Departments { get; set; } = [];

    public string[] Priorities { get; set; } = [];

    public string Paper { get; set; } = "a4";
}
