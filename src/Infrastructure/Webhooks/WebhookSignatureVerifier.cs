using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ticketing.Application.Webhooks;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// Standard Webhooks verification: <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{raw body}"))</c>
/// over the body bytes exactly as received. Any one matching signature in the space-separated list is
/// enough (the remote sends several while it rotates its secret), against any of the given keys (ours
/// may be rotating too). Comparisons are constant-time; malformed values are a failed check, never an
/// exception.
/// </summary>
public sealed class WebhookSignatureVerifier(TimeProvider clock)
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const int HashSize = 32;
    private const string SignatureVersion = "v1,";

    public WebhookVerification Verify(
        string? webhookId,
        string? timestamp,
        string? signatures,
        ReadOnlySpan<byte> body,
        IReadOnlyList<WebhookSigningKey> keys)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrWhiteSpace(signatures))
        {
            return WebhookVerification.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookVerification.InvalidTimestamp;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (seconds < now - (long)Tolerance.TotalSeconds || seconds > now + (long)Tolerance.TotalSeconds)
        {
            return WebhookVerification.StaleTimestamp;
        }

        if (keys.Count == 0)
        {
            return WebhookVerification.InvalidSignature;
        }

        // The signed content's prefix is short (the id is bounded by the header size), the body is not:
        // the hash takes them in two parts rather than copying the body behind the prefix.
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var expected = ArrayPool<byte>.Shared.Rent(keys.Count * HashSize);
        try
        {
            for (var i = 0; i < keys.Count; i++)
            {
                using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keys[i].Key);
                hmac.AppendData(prefix);
                hmac.AppendData(body);
                hmac.GetHashAndReset(expected.AsSpan(i * HashSize, HashSize));
            }

            return AnySignatureMatches(signatures, expected.AsSpan(0, keys.Count * HashSize))
                ? WebhookVerification.Valid
                : WebhookVerification.InvalidSignature;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected.AsSpan(0, keys.Count * HashSize));
            ArrayPool<byte>.Shared.Return(expected);
        }
    }

    private static bool AnySignatureMatches(string signatures, ReadOnlySpan<byte> expected)
    {
        Span<byte> candidate = stackalloc byte[HashSize + 3];
        foreach (var range in signatures.AsSpan().Split(' '))
        {
            var entry = signatures.AsSpan(range);
            // Other versions (v1a, the asymmetric scheme) are not ours to check; they may sit beside v1.
            if (!entry.StartsWith(SignatureVersion, StringComparison.Ordinal))
            {
                continue;
            }

            if (!Convert.TryFromBase64Chars(entry[SignatureVersion.Length..], candidate, out var written) || written != HashSize)
            {
                continue;
            }

            for (var offset = 0; offset < expected.Length; offset += HashSize)
            {
                if (CryptographicOperations.FixedTimeEquals(candidate[..HashSize], expected.Slice(offset, HashSize)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
