using System.Globalization;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Html;
using Ticketing.Application.Sync.Queries.GetSyncStatus;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Shared;

/// <summary>
/// The header's notification badge and "unreachable" banner (every signed-in page) and the sync indicator of the
/// list and the overview, written straight to the page. They were view components: each one's descriptor look-up,
/// activation, view look-up, view context and buffer cost more than their few lines of markup, on every page
/// (decision 155). Their answers come from the same cached queries as before, so a change shows on the next page
/// exactly as it did; the markup is the views' own, byte for byte.
/// </summary>
public static class HeaderFragments
{
    // The badge for the counts a person sees, built once: its markup depends on the count alone.
    private static readonly IHtmlContent[] Badges = [.. Enumerable.Range(0, 100).Select(n => new HtmlString(BadgeHtml(n)))];

    /// <summary>The header's link to the inbox with <paramref name="unread"/> notifications.</summary>
    public static IHtmlContent NotificationBadge(int unread) =>
        (uint)unread < (uint)Badges.Length ? Badges[unread] : new HtmlString(BadgeHtml(unread));

    /// <summary>"Championship IT is unreachable" while the latest sync failed; nothing otherwise.</summary>
    public static IHtmlContent RemoteBanner(SyncStatusView status, UserTime time)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.RemoteUnreachable ? new Banner(status, time) : HtmlString.Empty;
    }

    /// <summary>
    /// The sync indicator: a dot and "synced 3 min ago"; its menu says when exactly and holds "Sync now" (sync.js),
    /// whose form returns to <paramref name="returnUrl"/> and carries the page's <paramref name="antiforgeryToken"/>.
    /// </summary>
    public static IHtmlContent SyncIndicator(SyncStatusView status, UserTime time, string returnUrl, IHtmlContent antiforgeryToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new Indicator(status, time, returnUrl, antiforgeryToken);
    }

    private static string BadgeHtml(int unread)
    {
        var count = unread.ToString(CultureInfo.InvariantCulture);
        return "<a class=\"btn btn-sm btn-outline-light position-relative\" href=\"/Notifications\" data-testid=\"notification-badge-link\">\n"
            + "    Notifications\n"
            + "    <span class=\"badge rounded-pill text-bg-danger ms-1 " + (unread == 0 ? "d-none" : "") + "\" data-unread-count=\"" + count
            + "\" data-testid=\"unread-count\">" + count + "</span>\n"
            + "    <span class=\"visually-hidden\" data-unread-text>" + (unread == 1 ? "1 unread notification" : count + " unread notifications") + "</span>\n"
            + "</a>\n";
    }

    private sealed class Banner(SyncStatusView status, UserTime time) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            // The encoder every text of the page goes through (decision 147): the markup stays byte for byte.
            var html = HtmlEncoder.Default;
            writer.Write("    <div class=\"alert alert-danger d-flex flex-wrap gap-1\" role=\"alert\" data-testid=\"remote-unreachable\">\n"
                + "        <strong>Championship IT is unreachable</strong>\n"
                + "        <span>— showing cached data from ");
            html.Encode(writer, status.LastSuccessfulSync is { } synced ? time.Exact(synced) : "before the first sync");
            writer.Write(".</span>\n");
            if (status.LastFinished?.ErrorMessage is { } reason)
            {
                writer.Write("            <span class=\"small w-100\">");
                html.Encode(writer, reason);
                writer.Write("</span>\n");
            }

            writer.Write("    </div>\n");
        }
    }

    private sealed class Indicator(SyncStatusView status, UserTime time, string returnUrl, IHtmlContent antiforgeryToken) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            var html = HtmlEncoder.Default;
            var failed = status.RemoteUnreachable;
            writer.Write("<details class=\"dd dd-end sync-indicator\" data-sync-panel data-status-url=\"/sync/status\" data-running=\"");
            writer.Write(status.Running is not null ? "true" : "false");
            writer.Write("\">\n    <summary class=\"btn btn-sm btn-outline-secondary\" title=\"Sync with Championship IT\">\n        <span class=\"sync-dot ");
            writer.Write(failed ? "sync-dot-failed" : "");
            writer.Write("\" aria-hidden=\"true\"></span>\n        <span data-sync-last>");
            if (status.LastSuccessfulSync is { } last)
            {
                writer.Write("Last synced ");
                time.Tag(last).WriteTo(writer, encoder);
            }
            else
            {
                writer.Write("Never synced yet");
            }

            writer.Write("</span>");
            if (failed)
            {
                writer.Write("            <span class=\"visually-hidden\">; the last sync failed</span>\n");
            }

            writer.Write("    </summary>\n    <div class=\"dd-menu sync-menu\">\n        <p class=\"dd-heading\">Sync with Championship IT</p>\n        <p class=\"small mb-1\">");
            if (status.LastSuccessfulSync is { } at)
            {
                writer.Write("Last successful sync: ");
                html.Encode(writer, time.Exact(at));
            }
            else
            {
                writer.Write("No successful sync yet.");
            }

            writer.Write("</p>\n        <div class=\"small text-body-secondary mb-2\" data-sync-progress role=\"status\" aria-live=\"polite\">");
            if (status.Running is { } running)
            {
                writer.Write("Sync in progress: ");
                writer.Write(running.RecordsProcessed.ToString("N0", CultureInfo.InvariantCulture));
                writer.Write(" tickets processed…");
            }

            writer.Write("</div>\n");
            if (status.IsConfigured)
            {
                writer.Write("            <form method=\"post\" action=\"/Sync?returnUrl=");
                html.Encode(writer, Uri.EscapeDataString(returnUrl));
                writer.Write("\" data-sync-form class=\"m-0\">\n                ");
                antiforgeryToken.WriteTo(writer, encoder);
                writer.Write("\n                <button type=\"submit\" class=\"btn btn-sm btn-primary\"");
                writer.Write(status.Running is not null ? " disabled=\"disabled\"" : "");
                writer.Write(">Sync now</button>\n            </form>\n");
            }
            else
            {
                writer.Write("            <span class=\"small text-body-secondary\">The integration is not configured.</span>\n");
            }

            writer.Write("    </div>\n</details>\n");
        }
    }
}

/// <summary>The sync status, asked once per request by the banner and the sync indicator together.</summary>
public static class SyncStatusOfRequest
{
    private static readonly object Key = new();

    public static async Task<SyncStatusView> GetAsync(HttpContext context, ISender sender)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sender);
        if (context.Items.TryGetValue(Key, out var cached) && cached is SyncStatusView status)
        {
            return status;
        }

        status = await sender.Send(new GetSyncStatusQuery(), context.RequestAborted);
        context.Items[Key] = status;
        return status;
    }
}
