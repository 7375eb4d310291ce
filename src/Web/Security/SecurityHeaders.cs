namespace Ticketing.Web.Security;

/// <summary>
/// The headers every response carries. The policy allows scripts, styles, images and connections from
/// this app only: no inline script or event handler runs, and no other site may frame the pages.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The Hangfire dashboard (admins only) sets style attributes in its own markup; its scripts are
    /// still its own files only.
    /// </summary>
    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string DashboardPath = "/hangfire";

    public static string PolicyFor(PathString path) =>
        path.StartsWithSegments(DashboardPath) ? DashboardContentSecurityPolicy : ContentSecurityPolicy;

    public static void Apply(HttpContext context, string policy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        // For browsers that predate frame-ancestors.
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }
}
