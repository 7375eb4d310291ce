using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Integration;
using Ticketing.Infrastructure.Remote;
using Ticketing.Infrastructure.Webhooks;

namespace Ticketing.Infrastructure.Admin;

/// <summary>
/// The webhook keys during a secret rotation: the current secret, and the previous one until its
/// grace period ends. The current secret comes from the cached settings (which the admin page
/// invalidates); the previous one is read again only when the current one changes, and its expiry is
/// checked on every message.
/// </summary>
internal sealed class RotatingWebhookSecretSource(
    RemoteSettingsProvider settings,
    IntegrationSecretProtector protector,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<RotatingWebhookSecretSource> logger) : IWebhookSecretSource
{
    private Keys? _cached;

    public async ValueTask<IReadOnlyList<WebhookSigningKey>> GetValidKeysAsync(CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken);
        if (current.ProtectedWebhookSecret is not { } protectedCurrent)
        {
            return [];
        }

        var keys = Volatile.Read(ref _cached);
        if (keys is null || !string.Equals(keys.ProtectedCurrent, protectedCurrent, StringComparison.Ordinal))
        {
            keys = await LoadAsync(protectedCurrent, cancellationToken);
            Volatile.Write(ref _cached, keys);
        }

        if (keys.Previous is { } previous && keys.PreviousExpiresAt is { } expires && clock.GetUtcNow() < expires)
        {
            return keys.Current is null ? [previous] : [keys.Current, previous];
        }

        return keys.Current is null ? [] : [keys.Current];
    }

    private async Task<Keys> LoadAsync(string protectedCurrent, CancellationToken cancellationToken)
    {
        var currentKey = Parse(protectedCurrent, "current");
        await using var scope = scopes.CreateAsyncScope();
        var config = await scope.ServiceProvider.GetRequiredService<ISystemConfigRepository>().GetAsync(cancellationToken);
        var previousKey = config?.PreviousWebhookSecret is { Length: > 0 } protectedPrevious ? Parse(protectedPrevious, "previous") : null;
        return new Keys(protectedCurrent, currentKey, previousKey, previousKey is null ? null : config?.PreviousWebhookSecretExpiresAt);
    }

    private WebhookSigningKey? Parse(string protectedSecret, string which)
    {
        var secret = protector.TryUnprotect(protectedSecret);
        if (secret is not null && WebhookSigningKey.TryParse(secret, out var key))
        {
            return key;
        }

        logger.LogError(
            "The {Which} webhook secret cannot be used (not unprotectable, or not whsec_ followed by base64); generate a new one on the admin page",
            which);
        return null;
    }

    private sealed record Keys(string ProtectedCurrent, WebhookSigningKey? Current, WebhookSigningKey? Previous, DateTimeOffset? PreviousExpiresAt);
}
