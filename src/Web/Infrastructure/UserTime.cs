using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// Shows times in the user's time zone. The browser reports its zone in the <c>tz</c> cookie
/// (set by site.js); until it has, times are shown in UTC and say so.
/// </summary>
public sealed class UserTime(IHttpContextAccessor http, TimeProvider clock)
{
    public const string CookieName = "tz";

    // "27 Nov 2026, 14:05 (" + a zone id of at most 64 characters + ")".
    private const int MaxExactChars = 96;
    private const int MaxRelativeChars = 32;

    private static readonly HtmlString NoTime = new("<span class=\"text-body-secondary\">—</span>");

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= Resolve(http.HttpContext?.Request.Cookies[CookieName]);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateTimeOffset ToLocal(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Zone);

    private string ZoneLabel => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    /// <summary>"27 Nov 2026, 14:05 (Europe/Lisbon)".</summary>
    public string Exact(DateTimeOffset value)
    {
        Span<char> text = stackalloc char[MaxExactChars];
        return new string(text[..FormatExact(value, text)]);
    }

    /// <summary>"just now", "3 min ago", "5 h ago", "in 2 h", or the date for older times.</summary>
    public string Relative(DateTimeOffset value)
    {
        Span<char> text = stackalloc char[MaxRelativeChars];
        return new string(text[..FormatRelative(value, text)]);
    }

    /// <summary>A <c>&lt;time&gt;</c> element: relative text, the exact local time on hover and for screen readers.</summary>
    /// <remarks>
    /// Written straight to the page when the page is written out: the list shows two per row, and building each
    /// as strings first (the ISO time, the exact and relative texts, their encodings, the element) was a handful
    /// of strings per cell on every first view (decision 147).
    /// </remarks>
    public IHtmlContent Tag(DateTimeOffset? value, bool relative = true) =>
        value is { } v ? new TimeTag(this, v, relative) : NoTime;

    private int FormatExact(DateTimeOffset value, Span<char> into)
    {
        var label = ZoneLabel;
        // A zone id longer than the buffer cannot come from Resolve (64 characters at most); the check keeps the contract local.
        if (!into.TryWrite(CultureInfo.InvariantCulture, $"{ToLocal(value):d MMM yyyy, HH:mm} ({label})", out var written))
        {
            throw new InvalidOperationException($"The exact time in zone {label} does not fit {into.Length} characters.");
        }

        return written;
    }

    private int FormatRelative(DateTimeOffset value, Span<char> into)
    {
        var delta = Now - value;
        var future = delta < TimeSpan.Zero;
        var span = future ? -delta : delta;
        var culture = CultureInfo.InvariantCulture;
        bool ok;
        int written;
        if (span < TimeSpan.FromMinutes(1))
        {
            ok = into.TryWrite(culture, $"just now", out written);
        }
        else if (span < TimeSpan.FromDays(7))
        {
            var (count, unit) = span < TimeSpan.FromHours(1) ? ((int)span.TotalMinutes, "min")
                : span < TimeSpan.FromDays(1) ? ((int)span.TotalHours, "h")
                : ((int)span.TotalDays, "d");
            ok = future
                ? into.TryWrite(culture, $"in {count} {unit}", out written)
                : into.TryWrite(culture, $"{count} {unit} ago", out written);
        }
        else
        {
            ok = into.TryWrite(culture, $"{ToLocal(value):d MMM yyyy}", out written);
        }

        return ok ? written : throw new InvalidOperationException("A relative time does not fit its buffer.");
    }

    private static TimeZoneInfo Resolve(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : TimeZoneInfo.Utc;

    private sealed class TimeTag(UserTime time, DateTimeOffset value, bool relative) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            // The same encoder the texts always went through, whatever the page's is: the markup stays byte for byte.
            var html = HtmlEncoder.Default;
            Span<char> text = stackalloc char[MaxExactChars];
            writer.Write("<time datetime=\"");
            if (!value.ToUniversalTime().TryFormat(text, out var iso, "O", CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("An ISO time does not fit its buffer.");
            }

            writer.Write(text[..iso]);
            writer.Write("\" title=\"");
            var exact = time.FormatExact(value, text);
            WriteEncoded(writer, html, text[..exact]);
            writer.Write("\">");
            WriteEncoded(writer, html, relative ? text[..time.FormatRelative(value, text)] : text[..exact]);
            writer.Write("</time>");
        }

        private static void WriteEncoded(TextWriter writer, HtmlEncoder html, ReadOnlySpan<char> text)
        {
            // An encoded character takes at most 10 (&#x10FFFF;); this many always fits.
            Span<char> encoded = stackalloc char[MaxExactChars * 10];
            var status = html.Encode(text, encoded, out _, out var written);
            if (status != OperationStatus.Done)
            {
                throw new InvalidOperationException($"Encoding a time's text stopped: {status}.");
            }

            writer.Write(encoded[..written]);
        }
    }
}
