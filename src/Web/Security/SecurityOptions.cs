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
    public int IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>
    /// How often a session's security stamp is checked against the database: the longest a cookie captured
    /// before a sign-out, a lock or a role change keeps working. 0 checks every request.
    /// </summary>
    public int SessionValidationSeconds { get; set; } = 60;

    /// <summary>
    /// A bearer token a Prometheus scraper sends to read <c>/metrics</c> (<c>Authorization: Bearer …</c>);
    /// unset, only signed-in admins may read it.
    /// </summary>
    public string? MetricsBearerToken { get; set; }

    public static SecurityOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SecurityOptions>() ?? new SecurityOptions();
}
