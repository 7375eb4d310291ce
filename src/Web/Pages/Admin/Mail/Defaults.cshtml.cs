using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Channels.Commands.SaveNotificationDefaults;
using Ticketing.Application.Admin.Channels.Queries.GetNotificationDefaults;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;
using Ticketing.Web.Pages.Account;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Mail;

/// <summary>
/// The notification choices users start with: which types reach which channel, e-mail at once or as a
/// digest, the digest hour and zone. A user who saves their own settings keeps them from then on.
/// </summary>
public sealed class DefaultsModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveNotificationDefaultsCommand Input { get; set; } = new(null, EmailDelivery.Immediate, null, null);

    public NotificationDefaultsView Defaults { get; private set; } = null!;

    public static IReadOnlyList<string> Zones => NotificationsModel.Zones;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Defaults = await sender.Send(new GetNotificationDefaultsQuery(), cancellationToken);
        Input = new SaveNotificationDefaultsCommand(
            [.. Defaults.Types.Select(t => new TypeChoice(t.Type, t.InApp, t.Email, t.Chat))],
            Defaults.EmailDelivery,
            Defaults.DigestHour,
            Defaults.TimeZoneId);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Defaults = await sender.Send(new GetNotificationDefaultsQuery(), cancellationToken);
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "The defaults for new users were saved.";
        return RedirectToPage();
    }
}
