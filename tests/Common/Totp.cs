using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ticketing.Tests.Common;

/// <summary>
/// An authenticator app in a test: RFC 6238 time-based codes (HMAC-SHA1, 30-second steps, six digits)
/// from the base32 key the enrolment page shows, computed here rather than by the app under test.
/// </summary>
public static class Totp
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The code for <paramref name="key"/> (as shown: any case, spaces allowed) at <paramref name="at"/> (now by default).</summary>
    public static string Code(string key, DateTimeOffset? at = null)
    {
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        // RFC 6238's default, which authenticator apps and Identity use: SHA-1 inside HMAC is still sound here.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(Decode(key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The code of the next 30-second step, which the app accepts already (it allows two steps either side):
    /// what a second sign-in right after enrolling types, since each step's code works only once.
    /// </summary>
    public static string NextCode(string key) => Code(key, DateTimeOffset.UtcNow.AddSeconds(30));

    /// <summary>A six-digit code that is not the right one now (nor in the steps around it).</summary>
    public static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var near = Enumerable.Range(-3, 7).Select(i => Code(key, now.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => (123_456 + (i * 7919)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !near.Contains(c));
    }

    private static byte[] Decode(string key)
    {
        var clean = new string(key.Where(c => !char.IsWhiteSpace(c) && c != '=').Select(char.ToUpperInvariant).ToArray());
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | Base32.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
