using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Simulator.Webhooks;

/// <summary>Standard Webhooks signing: <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>.</summary>
public static class WebhookSigner
{
    private const string SecretPrefix = "whsec_";

    /// <summary>The key bytes of a <c>whsec_&lt;base64&gt;</c> secret (the prefix is optional, as the spec's libraries allow).</summary>
    public static bool TryParseSecret(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written) || written == 0)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    public static string Sign(byte[] key, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, payload));
    }
}
