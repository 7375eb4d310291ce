using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Ticketing.Infrastructure.Integration;

/// <summary>
/// A stored secret protected at rest with ASP.NET Core Data Protection for one purpose (a value protected
/// for another purpose cannot be unprotected here); the key ring lives in PostgreSQL, so every instance
/// can unprotect what another stored.
/// </summary>
public abstract class PurposeSecretProtector(IDataProtectionProvider provider, string purpose)
{
    private readonly IDataProtector _protector = provider.CreateProtector(purpose);

    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return _protector.Protect(secret);
    }

    /// <summary>
    /// The secret in clear, or null when it cannot be unprotected (the key ring was replaced, or the
    /// stored value is not a protected value). Callers say so without showing either value.
    /// </summary>
    public string? TryUnprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
