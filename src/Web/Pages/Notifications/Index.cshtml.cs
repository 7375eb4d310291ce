using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Commands.MarkAllNotificationsRead;
using Ticketing.Application.Notifications.Commands.MarkNotificationRead;
using Ticketing.Application.Notifications.Queries.GetInbox;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;

namespace Ticketing.Web.Pages.Notifications;

/// <summary>The signed-in user's own inbox. Nobody, admins included, sees another user's.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? TypeName { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public NotificationType? Type => WireName<NotificationType>.TryParse(TypeName, out var type) ? type : null;

    public InboxPage Inbox { get; private set; } = new([], 1, PageSize, 0, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Inbox = await sender.Send(new GetInboxQuery(Unread, Type, Math.Max(1, PageNumber), PageSize), cancellationToken);

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new MarkNotificationReadCommand(id), cancellationToken);
        return RedirectToPage(new { unread = Unread ? "true" : null, type = TypeName, page = PageNumber > 1 ? PageNumber : (int?)null });
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        await sender.Send(new MarkAllNotificationsReadCommand(), cancellationToken);
        return RedirectToPage(new { type = TypeName });
    }

    public string Link(bool? unread = null, string? type = null, int? page = null, bool keepType = true) =>
        Url.Page("/Notifications/Index", new
        {
            unread = (unread ?? Unread) ? "true" : null,
            type = keepType ? type ?? TypeName : type,
            page = page is > 1 ? page : null,
        })!;
}
