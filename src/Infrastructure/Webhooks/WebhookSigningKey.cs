using System.Diagnostics.CodeAnalysis;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// The HMAC key of one webhook secret: the base64-decoded part of <c>whsec_&lt;base64&gt;</c>. Holds
/// secret bytes, so it never prints them.
/// </summary>
public sealed class WebhookSigningKey
{
    private const string SecretPrefix = "whsec_";

    private WebhookSigningKey(byte[] key) => Key = key;

    internal byte[] Key { get; }

    /// <summary>
    /// Reads a <c>whsec_&lt;base64&gt;</c> secret. The prefix may be left out, as the Standard Webhooks
    /// libraries allow; anything that is not base64 of at least one byte is refused, without throwing.
    /// </summary>
    public static bool TryParse(string? secret, [NotNullWhen(true)] out WebhookSigningKey? key)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var trimmed = secret.Trim();
        var encoded = trimmed.StartsWith(SecretPrefix, StringComparison.Ordinal) ? trimmed[SecretPrefix.Length..] : trimmed;
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written) || written == 0)
        {
            return false;
        }

        key = new WebhookSigningKey(buffer[..written]);
        return true;
    }

    public override string ToString() => "WebhookSigningKey(redacted)";
}
