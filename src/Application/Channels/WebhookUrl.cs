using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Ticketing.Application.Channels;

/// <summary>
/// The rule for chat webhook URLs: absolute, HTTPS unless the host is a loopback address (the demo's
/// receiver), no credentials or fragment. The query is kept (some webhooks carry their key in it).
/// </summary>
public static class WebhookUrl
{
    public const int MaxLength = 2048;
    public const string InvalidMessage = "Enter the webhook's full address, e.g. https://hooks.slack.com/services/….";
    public const string HttpsMessage = "The webhook address must use HTTPS (only loopback addresses may use http).";

    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(parsed.Host) || parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0)
        {
            error = InvalidMessage;
            return false;
        }

        if (parsed.Scheme == Uri.UriSchemeHttp && !IsLoopback(parsed))
        {
            error = HttpsMessage;
            return false;
        }

        url = parsed;
        error = null;
        return true;
    }

    /// <summary><c>hooks.slack.com …x9Qz</c>: which webhook it is, without what makes it usable.</summary>
    public static string Hint(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Query);
        return text.Length < 16 ? url.Host : $"{url.Host} …{text[^4..]}";
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
