using Microsoft.Extensions.Logging;
using Ticketing.Application.Remote;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// Every key a webhook may be signed with right now. Normally the installation's current secret; during
/// a secret rotation also the previous one for its grace period, so messages the remote signed (or is
/// retrying) with the old secret are still accepted. Empty when webhooks are not configured.
/// </summary>
public interface IWebhookSecretSource
{
    ValueTask<IReadOnlyList<WebhookSigningKey>> GetValidKeysAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The current secret only, from <see cref="IWebhookSecretProvider"/>. A rotation with a grace period
/// replaces this registration with a source that also returns the previous secret until it expires.
/// </summary>
public sealed class CurrentWebhookSecretSource(IWebhookSecretProvider secrets, ILogger<CurrentWebhookSecretSource> logger)
    : IWebhookSecretSource
{
    private CachedKeys? _cached;

    public async ValueTask<IReadOnlyList<WebhookSigningKey>> GetValidKeysAsync(CancellationToken cancellationToken)
    {
        var secret = await secrets.GetWebhookSecretAsync(cancellationToken);
        if (secret is null)
        {
            return [];
        }

        // The provider hands out the same secret on every request: decode it once per value, not per request.
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && string.Equals(cached.Secret, secret, StringComparison.Ordinal))
        {
            return cached.Keys;
        }

        IReadOnlyList<WebhookSigningKey> keys = [];
        if (WebhookSigningKey.TryParse(secret, out var key))
        {
            keys = [key];
        }
        else
        {
            logger.LogError("The stored webhook secret is not whsec_ followed by base64 key bytes; webhooks are refused until an admin sets a valid one");
        }

        Volatile.Write(ref _cached, new CachedKeys(secret, keys));
        return keys;
    }

    private sealed class CachedKeys(string secret, IReadOnlyList<WebhookSigningKey> keys)
    {
        public string Secret { get; } = secret;

        public IReadOnlyList<WebhookSigningKey> Keys { get; } = keys;
    }
}
