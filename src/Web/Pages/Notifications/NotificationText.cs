using Microsoft.AspNetCore.Html;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Notifications;

/// <summary>
/// The line under a notification's title. Times are stored as data (an SLA breach's due date), never
/// as text, and written here in the reader's own zone: the exact time, with a machine-readable
/// <c>&lt;time&gt;</c>.
/// </summary>
public static class NotificationText
{
    public static IHtmlContent Describe(InboxItem item, UserTime time)
    {
        var html = new HtmlContentBuilder();
        if (item.DueAt is { } due)
        {
            html.Append("Due ");
            html.AppendHtml(time.Tag(due, relative: false));
            html.Append(item.Message.Length > 0 ? " and still not resolved: " : " and still not resolved");
        }

        html.Append(item.Message);
        return html;
    }
}
