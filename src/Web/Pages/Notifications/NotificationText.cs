using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Notifications;

/// <summary>
/// A notification's text for the inbox, its times in the reader's zone. Texts are stored once for
/// every reader, so a time in them is written in UTC ("Due 2026-07-01 14:05 UTC …"); each such
/// time is shown as a <c>&lt;time&gt;</c> in the reader's own zone.
/// </summary>
public static partial class NotificationText
{
    public static IHtmlContent Render(string text, UserTime time)
    {
        var encoder = HtmlEncoder.Default;
        var html = new HtmlContentBuilder();
        var at = 0;
        foreach (Match match in UtcTime().Matches(text))
        {
            if (!DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
            {
                continue;
            }

            var value = new DateTimeOffset(utc, TimeSpan.Zero);
            html.Append(text[at..match.Index]);
            var exact = time.Exact(value);
            html.AppendHtml($"<time datetime=\"{value.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)}\" title=\"{encoder.Encode(exact)}\">{encoder.Encode(exact)}</time>");
            at = match.Index + match.Length;
        }

        html.Append(text[at..]);
        return html;
    }

    [GeneratedRegex(@"\b([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}) UTC\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UtcTime();
}
