using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// Shows times in the user's time zone. The browser reports its zone in the <c>tz</c> cookie
/// (set by site.js); until it has, times are shown in UTC and say so.
/// </summary>
public sealed class UserTime(IHttpContextAccessor http, TimeProvider clock)
{
    public const string CookieName = "tz";

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= Resolve(http.HttpContext?.Request.Cookies[CookieName]);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateTimeOffset ToLocal(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Zone);

    /// <summary>"27 Nov 2026, 14:05 (Europe/Lisbon)".</summary>
    public string Exact(DateTimeOffset value) =>
        $"{ToLocal(value).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({(Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id)})";

    /// <summary>"just now", "3 min ago", "5 h ago", "in 2 h", or the date for older times.</summary>
    public string Relative(DateTimeOffset value)
    {
        var delta = Now - value;
        var future = delta < TimeSpan.Zero;
        var span = future ? -delta : delta;
        string text;
        if (span < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }
        else if (span < TimeSpan.FromHours(1))
        {
            text = $"{(int)span.TotalMinutes} min";
        }
        else if (span < TimeSpan.FromDays(1))
        {
            text = $"{(int)span.TotalHours} h";
        }
        else if (span < TimeSpan.FromDays(7))
        {
            text = $"{(int)span.TotalDays} d";
        }
        else
        {
            return ToLocal(value).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        }

        return future ? $"in {text}" : $"{text} ago";
    }

    /// <summary>A <c>&lt;time&gt;</c> element: relative text, the exact local time on hover and for screen readers.</summary>
    public IHtmlContent Tag(DateTimeOffset? value, bool relative = true)
    {
        if (value is not { } v)
        {
            return new HtmlString("<span class=\"text-body-secondary\">—</span>");
        }

        var exact = Exact(v);
        var text = relative ? Relative(v) : exact;
        var iso = v.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{encoder.Encode(exact)}\">{encoder.Encode(text)}</time>");
    }

    private static TimeZoneInfo Resolve(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : TimeZoneInfo.Utc;
}
