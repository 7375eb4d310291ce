using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Channels.Commands.RotateCalendarFeed;
using Ticketing.Application.Channels.Commands.SaveMyPreferences;
using Ticketing.Application.Channels.Queries.GetMyChannelSettings;
using Ticketing.Domain.Channels;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Account;

/// <summary>The signed-in user's notification settings: which types reach which channel, digests, chat and calendar.</summary>
public sealed class NotificationsModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveMyPreferencesCommand Input { get; set; } = new(null, EmailDelivery.Immediate, null, null, ChatFormat.Slack, null, false);

    public MyChannelSettings Settings { get; private set; } = null!;

    /// <summary>The zones offered, by IANA id (the server's list, so every choice is one it knows).</summary>
    public static IReadOnlyList<string> Zones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Settings = await sender.Send(new GetMyChannelSettingsQuery(), cancellationToken);
        Input = new SaveMyPreferencesCommand(
            [.. Settings.Types.Select(t => new Application.Channels.TypeChoice(t.Type, t.InApp, t.Email, t.Chat))],
            Settings.EmailDelivery,
            Settings.DigestHour,
            Settings.TimeZoneId,
            Settings.ChatFormat,
            null,
            false);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Settings = await sender.Send(new GetMyChannelSettingsQuery(), cancellationToken);
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Your notification settings were saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRotateCalendarAsync(CancellationToken cancellationToken)
    {
        var had = (await sender.Send(new GetMyChannelSettingsQuery(), cancellationToken)).CalendarUrl is not null;
        await sender.Send(new RotateCalendarFeedCommand(), cancellationToken);
        TempData[StatusMessage.Key] = had ? "Your calendar has a new address; the old one no longer works." : "Your calendar address is ready.";
        return RedirectToPage(null, null, "calendar-heading");
    }
}
