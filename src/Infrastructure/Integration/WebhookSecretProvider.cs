using Microsoft.Extensions.Logging;
using Ticketing.Application.Remote;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.Infrastructure.Integration;

/// <summary>Unprotects the stored webhook secret for the signature check, from the cached settings.</summary>
public sealed class WebhookSecretProvider(
    RemoteSettingsProvider settings,
    IntegrationSecretProtector protector,
    ILogger<WebhookSecretProvider> logger) : IWebhookSecretProvider
{
    public async Task<string?> GetWebhookSecretAsync(CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken);
        if (current.ProtectedWebhookSecret is not { } stored)
        {
            return null;
        }

        var secret = protector.TryUnprotect(stored);
        if (secret is null)
        {
            logger.LogError("The stored webhook secret cannot be unprotected (were the Data Protection keys replaced?); set it again on the admin page");
        }

        return secret;
    }
}
