using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Sla.Commands.DeleteSlaCalendar;
using Ticketing.Application.Sla.Commands.SaveSlaCalendar;
using Ticketing.Application.Sla.Queries.GetSlaAdmin;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Sla;

/// <summary>Creates a business-hours calendar (no id) or edits one; holidays are typed or imported from a file.</summary>
public sealed class CalendarModel(ISender sender, UserTime time) : PageModel
{
    /// <summary>A holiday file larger than this is not a holiday list.</summary>
    public const int MaxImportBytes = 256 * 1024;

    [BindProperty]
    public SaveSlaCalendarCommand Input { get; set; } = new();

    [BindProperty]
    public IFormFile? HolidayFile { get; set; }

    public bool IsNew => Input.Id is null;

    public async Task OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is { } existing)
        {
            var admin = await sender.Send(new GetSlaAdminQuery(), cancellationToken);
            Input = SaveSlaCalendarCommand.For(admin.Calendars.FirstOrDefault(c => c.Id == existing) ?? throw new NotFoundException("calendar", existing));
        }
        else
        {
            Input = SaveSlaCalendarCommand.Blank(time.Zone.Id);
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        string? imported = null;
        if (HolidayFile is { Length: > 0 and <= MaxImportBytes })
        {
            using var reader = new StreamReader(HolidayFile.OpenReadStream());
            imported = await reader.ReadToEndAsync(cancellationToken);
        }
        else if (HolidayFile is { Length: > MaxImportBytes })
        {
            ModelState.AddModelError("Input.ImportedHolidays", "The holiday file is larger than 256 KiB: that is not a list of holidays.");
            return Page();
        }

        Input = Input with { Id = id, ImportedHolidays = imported };
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Calendar “{Input.Name?.Trim()}” {(id is null ? "created" : "saved")}.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteSlaCalendarCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "Calendar deleted.";
        return RedirectToPage("Index");
    }
}
