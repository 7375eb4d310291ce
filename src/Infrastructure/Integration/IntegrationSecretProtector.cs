using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Ticketing.Application.Remote;

namespace Ticketing.Infrastructure.Integration;

/// <summary>
/// Protects the integration's secrets (API key, webhook secret) at rest with ASP.NET Core Data
/// Protection; the key ring lives in PostgreSQL, so every instance can unprotect what another stored.
/// </summary>
public sealed class IntegrationSecretProtector(IDataProtectionProvider provider) : IIntegrationSecretProtector
{
    /// <summary>The purpose string: a value protected for another purpose cannot be unprotected here.</summary>
    public const string Purpose = "Ticketing.Integration.Secrets";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

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
