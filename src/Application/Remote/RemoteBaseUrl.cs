using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Ticketing.Application.Remote;

/// <summary>
/// The one rule for Championship IT's base URL, used by start-up seeding and the admin page: an
/// absolute http(s) URL, HTTPS unless the host is a loopback address (a local simulator), no query
/// or fragment. A base may carry a path (<c>https://x.supabase.co/functions/v1</c>).
/// </summary>
public static class RemoteBaseUrl
{
    public const string MustBeAbsoluteMessage = "The API base URL must be an absolute http(s) URL, e.g. https://example.org/api.";
    public const string MustBeHttpsMessage = "The API base URL must use HTTPS (only loopback addresses may use http).";
    public const string NoQueryMessage = "The API base URL must not contain a query string, a fragment or credentials.";

    /// <summary>Parses and checks <paramref name="text"/>; on success the URL ends with a slash.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? baseUrl, [NotNullWhen(false)] out string? error)
    {
        baseUrl = null;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(url.Host))
        {
            error = MustBeAbsoluteMessage;
            return false;
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            error = MustBeHttpsMessage;
            return false;
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            error = NoQueryMessage;
            return false;
        }

        baseUrl = WithTrailingSlash(url);
        error = null;
        return true;
    }

    /// <summary>Parses and checks <paramref name="text"/>, throwing <see cref="ArgumentException"/> with the rule's message.</summary>
    public static Uri Parse(string? text) =>
        TryParse(text, out var url, out var error) ? url : throw new ArgumentException(error, nameof(text));

    /// <summary>
    /// Joins the base and a relative path without losing the base's own path:
    /// <c>https://h/functions/v1</c> + <c>tickets/stats</c> is <c>https://h/functions/v1/tickets/stats</c>,
    /// whatever slashes either side has.
    /// </summary>
    public static Uri Combine(Uri baseUrl, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri(WithTrailingSlash(baseUrl), relativePath.TrimStart('/'));
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback
        || string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
}
