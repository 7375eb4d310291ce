using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Webhooks;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>The endpoint's signature check: <see cref="WebhookSignatureVerifier"/> with the keys of <see cref="IWebhookSecretSource"/>.</summary>
internal sealed class WebhookSignatureCheck(IWebhookSecretSource secrets, WebhookSignatureVerifier verifier) : IWebhookSignatureVerifier
{
    public async ValueTask<bool> IsConfiguredAsync(CancellationToken cancellationToken) =>
        (await secrets.GetValidKeysAsync(cancellationToken)).Count > 0;

    public async ValueTask<WebhookVerification> VerifyAsync(
        string? webhookId,
        string? timestamp,
        string? signatures,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        var keys = await secrets.GetValidKeysAsync(cancellationToken);
        return verifier.Verify(webhookId, timestamp, signatures, body.Span, keys);
    }
}
