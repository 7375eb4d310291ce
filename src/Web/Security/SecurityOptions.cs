namespace Ticketing.Web.Security;

/// <summary><c>Ticketing:Security</c>: the sign-in rate limit.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Ticketing:Security";

    /// <summary>Sign-in attempts (POSTs) allowed per client address within <see cref="SignInWindowSeconds"/>.</summary>
    public int SignInPermitLimit { get; set; } = 10;

    public int SignInWindowSeconds { get; set; } = 60;
}
