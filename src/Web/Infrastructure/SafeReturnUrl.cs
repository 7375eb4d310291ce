namespace Ticketing.Web.Infrastructure;

/// <summary>
/// Where a page may send the browser back to after a form: a path on this site, never another
/// host. Every "return URL" taken from a request (sign-in, change password, sync, bulk) goes
/// through here, so the open-redirect rules live in one place.
/// </summary>
public static class SafeReturnUrl
{
    /// <summary>Longer than any address the app builds; a longer one is not ours.</summary>
    public const int MaxLength = 2048;

    /// <summary><paramref name="candidate"/> when it is a local path, otherwise <paramref name="fallback"/>.</summary>
    public static string Or(string? candidate, string fallback = "/") => IsLocal(candidate) ? candidate! : fallback;

    /// <summary>
    /// A rooted path on this site ("/Tickets?status=open"). Refused: absolute and scheme-relative
    /// addresses ("https://evil", "//evil", and "/\evil", which browsers read as "//evil"), anything
    /// not starting with "/", control characters (browsers drop tabs and line breaks, so "/\t/evil"
    /// would become "//evil"), and a start that decodes to another host ("/%2F/evil", "/%5Cevil"),
    /// in case anything downstream decodes the address once more.
    /// </summary>
    public static bool IsLocal(string? candidate) =>
        !string.IsNullOrEmpty(candidate)
        && candidate.Length <= MaxLength
        && !candidate.Any(char.IsControl)
        && IsPath(candidate)
        && IsPath(WithoutTabsAndLineBreaks(Uri.UnescapeDataString(candidate)));

    /// <summary>Starts with "/" not followed by "/" or "\" (which would start another host).</summary>
    private static bool IsPath(string value) =>
        value.Length > 0 && value[0] == '/' && !(value.Length > 1 && value[1] is '/' or '\\');

    private static string WithoutTabsAndLineBreaks(string value) =>
        value.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}
