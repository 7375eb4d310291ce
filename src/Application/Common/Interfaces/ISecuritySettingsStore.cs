namespace Ticketing.Application.Common.Interfaces;

/// <summary>The admins' security settings (<c>security_settings</c>, one row).</summary>
public interface ISecuritySettingsStore
{
    Task<SecuritySettingsView> GetAsync(CancellationToken cancellationToken);

    Task SaveAsync(bool requireMfaForAdmins, string? updatedBy, CancellationToken cancellationToken);
}

/// <param name="RequireMfaForAdmins">Admins must sign in with a second step.</param>
public sealed record SecuritySettingsView(bool RequireMfaForAdmins);
