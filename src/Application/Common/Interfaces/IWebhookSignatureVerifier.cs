using Ticketing.Application.Webhooks;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Checks a webhook's Standard Webhooks signature with every key valid now (the installation's
/// secret, and the previous one during a rotation's grace period).
/// </summary>
public interface IWebhookSignatureVerifier
{
    /// <summary>
    /// False while no usable webhook secret is configured: nothing could pass the check, so the
    /// endpoint says it is not configured (503) instead of refusing every message as forged.
    /// </summary>
    ValueTask<bool> IsConfiguredAsync(CancellationToken cancellationToken);

    /// <summary>Checks the headers against the body bytes exactly as received; malformed values are a failed check, never an exception.</summary>
    ValueTask<WebhookVerification> VerifyAsync(
        string? webhookId,
        string? timestamp,
        string? signatures,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken);
}
