namespace Ticketing.Application.Remote;

/// <summary>
/// The webhook secret in clear (<c>whsec_…</c>), for the webhook signature check only; null when the
/// integration or its webhook secret is not configured. Never log or show the value.
/// </summary>
public interface IWebhookSecretProvider
{
    Task<string?> GetWebhookSecretAsync(CancellationToken cancellationToken);
}
