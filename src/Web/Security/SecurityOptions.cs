namespace Ticketing.Web.Security;

/// <summary><c>Ticketing:Security</c>: the sign-in rate limit, session lifetime and the metrics token.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Ticketing:Security";

    /// <summary>Sign-in attempts (POSTs) allowed per client address within <see cref="SignInWindowSeconds"/>.</summary>
    public int SignInPermitLimit { get; set; } = 10;

    public int SignInWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Minutes without a request after which the session ends (the auth cookie's sliding expiry, enforced
    /// by the server whatever the browser keeps).
    /// </summary>
    public double IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>
    /// How long before the idle logoff the page warns, with "Stay signed in" and "Sign out" (at most half
    /// the idle time).
    /// </summary>
    public int IdleWarningSeconds { get; set; } = 60;

    /// <summary>The idle time as the server enforces it: at least 15 seconds.</summary>
    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(Math.Max(0.25, IdleTimeoutMinutes));

    /// <summary>
    /// A page opened renews the session only once its cookie is at least this old (a tenth of the idle time, at
    /// most a minute; "Stay signed in" always renews): a renewal encrypts and sends a new cookie.
    /// </summary>
    public TimeSpan IdleRenewal => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, IdleTimeout.Ticks / 10));

    /// <summary>
    /// What the page's idle clock counts from its load: the idle time less <see cref="IdleRenewal"/>, the most a
    /// page that did not renew the cookie can be behind the server's expiry.
    /// </summary>
    public TimeSpan IdleClock => IdleTimeout - IdleRenewal;

    /// <summary>The warning's lead, within the idle time.</summary>
    public TimeSpan IdleWarning => TimeSpan.FromSeconds(Math.Clamp(IdleWarningSeconds, 5, (int)IdleTimeout.TotalSeconds / 2));

    /// <summary>
    /// How often a session's security stamp is checked against the database: the longest a cookie captured
    /// before a sign-out, a lock or a role change keeps working. 0 checks every request.
    /// </summary>
    public int SessionValidationSeconds { get; set; } = 60;

    /// <summary>
    /// Requests per <see cref="RequestWindowSeconds"/> for one signed-in user (or one address without a
    /// sign-in) to the app's pages and JSON endpoints; static files, the webhook, health and metrics aside.
    /// </summary>
    public int RequestPermitLimit { get; set; } = 600;

    /// <summary>Searches of the ticket list (a non-empty <c>q</c>) per window and user: each one scans the mirror.</summary>
    public int SearchPermitLimit { get; set; } = 120;

    /// <summary>CSV exports (the ticket list, the audit log) per window and user: each one streams a whole table.</summary>
    public int ExportPermitLimit { get; set; } = 10;

    public int RequestWindowSeconds { get; set; } = 60;

    /// <summary>
    /// A bearer token a Prometheus scraper sends to read <c>/metrics</c> (<c>Authorization: Bearer …</c>);
    /// unset, only signed-in admins may read it.
    /// </summary>
    public string? MetricsBearerToken { get; set; }

    public static SecurityOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SecurityOptions>() ?? new SecurityOptions();
}
