using Microsoft.AspNetCore.DataProtection;
using Ticketing.Application.Remote;

namespace Ticketing.Infrastructure.Integration;

/// <summary>Protects the integration's secrets (API key, webhook secret) at rest.</summary>
public sealed class IntegrationSecretProtector(IDataProtectionProvider provider)
    : PurposeSecretProtector(provider, Purpose), IIntegrationSecretProtector
{
    /// <summary>The purpose string: a value protected for another purpose cannot be unprotected here.</summary>
    public const string Purpose = "Ticketing.Integration.Secrets";
}
