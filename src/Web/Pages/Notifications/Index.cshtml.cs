using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Commands.MarkAllNotificationsRead;
using Ticketing.Application.Notifications.Commands.MarkNotificationRead;
using Ticketing.Application.Notifications.Queries.GetInbox;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Notifications;

/// <summary>
/// The signed-in user's own inbox. Nobody, admins included, sees another user's. Marking read
/// comes back to the same filters and page.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public const int PageSize = 25;

    private const int LastCountablePage = int.MaxValue / PageSize;

    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? TypeName { get; set; }

    [BindProperty(SupportsGet = true, Name = Pager.Parameter)]
    public int PageNumber { get; set; } = 1;

    public NotificationType? Type => WireName<NotificationType>.TryParse(TypeName, out var type) ? type : null;

    public InboxPage Inbox { get; private set; } = new([], 1, PageSize, 0, 0);

    public Pager Pager => new(
        Inbox.Page,
        Inbox.TotalPages,
        Inbox.Total,
        Inbox.Page > 1 ? Link(page: Inbox.Page - 1) : null,
        Inbox.Page < Inbox.TotalPages ? Link(page: Inbox.Page + 1) : null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A page past the end (the last page's only notification was just read, or a typed address)
        // shows the last page; a number too big to count rows to is treated the same way.
        var page = Math.Clamp(PageNumber, 1, LastCountablePage);
        Inbox = await sender.Send(new GetInboxQuery(Unread, Type, page, PageSize), cancellationToken);
        if (Inbox.Items.Count == 0 && page > Inbox.TotalPages)
        {
            Inbox = await sender.Send(new GetInboxQuery(Unread, Type, Inbox.TotalPages, PageSize), cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new MarkNotificationReadCommand(id), cancellationToken);
        return RedirectToPage(RouteValues(Unread, TypeName, PageNumber));
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        await sender.Send(new MarkAllNotificationsReadCommand(), cancellationToken);
        return RedirectToPage(RouteValues(Unread, TypeName, page: 1));
    }

    public string Link(bool? unread = null, string? type = null, int page = 1, bool keepType = true) =>
        Url.Page("/Notifications/Index", RouteValues(unread ?? Unread, keepType ? type ?? TypeName : type, page))!;

    /// <summary>The inbox's filters and page as query values, leaving out the defaults.</summary>
    private static RouteValueDictionary RouteValues(bool unread, string? type, int page) => new()
    {
        ["unread"] = unread ? "true" : null,
        ["type"] = string.IsNullOrEmpty(type) ? null : type,
        [Pager.Parameter] = page > 1 ? page : null,
    };
}
