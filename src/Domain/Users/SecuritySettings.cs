namespace Ticketing.Domain.Users;

/// <summary>The admins' security settings (<c>security_settings</c>): one row, id 1, made on the first save.</summary>
public sealed class SecuritySettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Admins must sign in with a second step (an authenticator app's code).</summary>
    public bool RequireMfaForAdmins { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The admin who saved last (a user id; kept when the account is deleted, as the audit log keeps it).</summary>
    public string? UpdatedBy { get; set; }
}
