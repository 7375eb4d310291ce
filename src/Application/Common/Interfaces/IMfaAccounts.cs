namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Two-step sign-in (TOTP with an authenticator app, and recovery codes) of one account, over ASP.NET
/// Core Identity's authenticator support. Every method answers null (or false) for an unknown account.
/// </summary>
public interface IMfaAccounts
{
    Task<MfaStatus?> GetStatusAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// The account's authenticator key, made now when it has none. Making one does not end the account's
    /// other sessions: nothing is protected by the key until enrolment is confirmed.
    /// </summary>
    Task<string?> GetOrCreateAuthenticatorKeyAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Checks a code from the authenticator app against the account's key.</summary>
    Task<bool> VerifyAuthenticatorCodeAsync(string userId, string code, CancellationToken cancellationToken);

    /// <summary>Turns two-step sign-in on (a new security stamp: other sessions must sign in again) and returns new recovery codes.</summary>
    Task<IReadOnlyList<string>> EnableAsync(string userId, int recoveryCodes, CancellationToken cancellationToken);

    /// <summary>Replaces the account's recovery codes; the old ones stop working.</summary>
    Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(string userId, int recoveryCodes, CancellationToken cancellationToken);

    /// <summary>
    /// Turns two-step sign-in off, forgets the authenticator key and the recovery codes, and changes the
    /// security stamp, so every open session of the account must sign in again.
    /// </summary>
    Task<bool> DisableAsync(string userId, CancellationToken cancellationToken);
}

/// <param name="Enabled">Sign-in asks for a code.</param>
/// <param name="RecoveryCodesLeft">Unused recovery codes.</param>
public sealed record MfaStatus(bool Enabled, int RecoveryCodesLeft);
