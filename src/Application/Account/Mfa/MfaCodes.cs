namespace Ticketing.Application.Account.Mfa;

/// <summary>What the two-step sign-in use cases share: code shapes, the recovery code count, audit actions.</summary>
public static class MfaCodes
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The name authenticator apps show beside the account.</summary>
    public const string Issuer = "Ticketing";

    public const string EnableAction = "user.mfa_enable";
    public const string DisableAction = "user.mfa_disable";
    public const string ResetAction = "user.mfa_reset";
    public const string RecoveryCodesAction = "user.mfa_recovery_codes";
    public const string FailedAction = "user.mfa_failed";

    /// <summary>An authenticator code as typed: spaces and dashes between the digits are common and harmless.</summary>
    public static string Normalise(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>A recovery code as typed: Identity's are upper case with a dash in the middle (<c>AB12C-3DE4F</c>), which stays.</summary>
    public static string NormaliseRecoveryCode(string? code) =>
        new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    /// <summary>Six digits: a code from the authenticator app (anything else may be a recovery code).</summary>
    public static bool IsAuthenticatorCode(string normalised) =>
        normalised.Length == 6 && normalised.All(char.IsAsciiDigit);

    /// <summary>The key in groups of four, as a person types it into an app.</summary>
    public static string Readable(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();

    /// <summary>The <c>otpauth://</c> address a QR code carries (Google Authenticator's key URI format).</summary>
    public static string AuthenticatorUri(string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
}
