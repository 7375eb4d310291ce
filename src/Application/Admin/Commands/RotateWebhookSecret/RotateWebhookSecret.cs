using System.Security.Cryptography;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;

namespace Ticketing.Application.Admin.Commands.RotateWebhookSecret;

/// <summary>
/// Generates a new webhook secret (<c>whsec_</c> + base64 of 32 random bytes). The one it replaces
/// stays valid for <see cref="RotateWebhookSecretHandler.GracePeriod"/>, so messages the remote signed
/// (or retries) with it are still accepted while the new one is being set up there.
/// </summary>
public sealed record RotateWebhookSecretCommand : ICommand<WebhookSecretRotated>, IAdminRequest;

/// <param name="Secret">The new secret in clear: shown to the admin once, stored only protected.</param>
/// <param name="PreviousValidUntil">Until when the replaced secret is still accepted; null when there was none.</param>
public sealed record WebhookSecretRotated(string Secret, DateTimeOffset? PreviousValidUntil)
{
    /// <summary>Never prints the secret, wherever a record is turned into text.</summary>
    public override string ToString() => $"{nameof(WebhookSecretRotated)} {{ PreviousValidUntil = {PreviousValidUntil} }}";
}

public sealed class RotateWebhookSecretHandler(
    IAdminIntegrationStore store,
    IIntegrationSecretProtector protector,
    IIntegrationSettingsCache settingsCache,
    IAuditLog audit,
    TimeProvider clock) : ICommandHandler<RotateWebhookSecretCommand, WebhookSecretRotated>
{
    public const string AuditAction = "settings.webhook_secret_rotate";
    public const string SecretPrefix = "whsec_";
    public const int KeyBytes = 32;

    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(24);

    public async ValueTask<WebhookSecretRotated> Handle(RotateWebhookSecretCommand command, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetAsync(cancellationToken)
            ?? throw new ValidationException(new Dictionary<string, string[]>
            {
                [string.Empty] = ["Save the integration settings (the API base URL) before generating a webhook secret."],
            });

        var config = snapshot.Config;
        var now = clock.GetUtcNow();
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
        DateTimeOffset? previousValidUntil = null;
        if (config.WebhookSecret is { Length: > 0 } current)
        {
            // A rotation within the grace period of the last one drops the older secret: only the
            // one the remote was most recently given stays valid beside the new one.
            config.PreviousWebhookSecret = current;
            previousValidUntil = now + GracePeriod;
        }
        else
        {
            config.PreviousWebhookSecret = null;
        }

        config.PreviousWebhookSecretExpiresAt = previousValidUntil;
        config.WebhookSecret = protector.Protect(secret);
        config.UpdatedAt = now;
        await store.SaveAsync(config, cancellationToken);
        settingsCache.Invalidate();

        await audit.WriteAsync(
            AuditAction,
            "integration_settings",
            config.Id.ToString(),
            new Dictionary<string, object?>
            {
                ["webhook_secret"] = new { old = snapshot.WebhookSecretHint ?? "(not set)", @new = SecretMask.Hint(secret) },
                ["previous_valid_until"] = previousValidUntil,
            },
            cancellationToken);
        return new WebhookSecretRotated(secret, previousValidUntil);
    }
}
