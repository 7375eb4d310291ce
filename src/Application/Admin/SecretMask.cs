namespace Ticketing.Application.Admin;

/// <summary>
/// How secrets and personal data are shown where they must be referred to (pages, the audit log, log
/// lines): enough to recognise a value, never enough to use it.
/// </summary>
public static class SecretMask
{
    /// <summary>The hint of a secret that is set but cannot be unprotected (the key ring changed).</summary>
    public const string Unreadable = "…(unreadable)";

    private const int ShownCharacters = 4;

    /// <summary>
    /// <c>…4f2a</c>: the last four characters, or only the ellipsis for a value so short that four
    /// characters would give much of it away; null when not set.
    /// </summary>
    public static string? Hint(string? secret) =>
        string.IsNullOrEmpty(secret) ? null
        : secret.Length < 4 * ShownCharacters ? "…"
        : "…" + secret[^ShownCharacters..];

    /// <summary><c>d***@example.org</c>: the first character of the local part and the domain.</summary>
    public static string Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "(none)";
        }

        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0)
        {
            // Not an address (perhaps a password typed into the wrong field): nothing of it is shown.
            return "***";
        }

        return string.Concat(trimmed.AsSpan(0, 1), "***", trimmed.AsSpan(at));
    }
}
