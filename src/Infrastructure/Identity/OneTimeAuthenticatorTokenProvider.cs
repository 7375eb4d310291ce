using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ticketing.Infrastructure.Identity;

/// <summary>
/// Identity's authenticator codes (RFC 6238: HMAC-SHA1, 30-second steps, six digits, two steps either
/// side), each usable once (RFC 6238 section 5.2): the time step of the last accepted code is kept per
/// user in <c>user_tokens</c>, and only a code of a strictly later step is accepted. So a code seen over
/// a shoulder or in a proxy log cannot sign in again, nor confirm anything, within its window. Identity's
/// own provider does not remember used codes, and its TOTP helpers are internal, hence the few lines here.
/// </summary>
internal sealed class OneTimeAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<ApplicationUser>
{
    /// <summary>Where the last accepted step is kept: beside the key, under the store's own provider name.</summary>
    public const string LoginProvider = "[AspNetUserStore]";

    public const string LastStepTokenName = "AuthenticatorLastStep";

    private const int StepSeconds = 30;
    private const int StepsEitherSide = 2;
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key
            || token is not { Length: 6 } || !token.All(char.IsAsciiDigit) || Decode(key) is not { Length: > 0 } secret)
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepTokenName), NumberStyles.None, CultureInfo.InvariantCulture, out var l)
            ? l
            : long.MinValue;
        for (var step = Math.Max(now - StepsEitherSide, last + 1); step <= now + StepsEitherSide; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(Code(secret, step).AsSpan()), MemoryMarshal.AsBytes(token.AsSpan())))
            {
                return await RememberAsync(manager, user, step);
            }
        }

        return false;
    }

    /// <summary>
    /// Saves the step; false when another request saved one for this user meanwhile (the user row's
    /// concurrency stamp, or the token row, collided): of two requests racing with the same code, one wins.
    /// </summary>
    private static async Task<bool> RememberAsync(UserManager<ApplicationUser> manager, ApplicationUser user, long step)
    {
        try
        {
            return (await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepTokenName, step.ToString(CultureInfo.InvariantCulture))).Succeeded;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);

        // RFC 6238's default, which authenticator apps and Identity use: SHA-1 inside HMAC is still sound here.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[]? Decode(string key)
    {
        var bytes = new List<byte>(key.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in key)
        {
            if (c is '=' || char.IsWhiteSpace(c))
            {
                continue;
            }

            var index = Base32Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | index;
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
