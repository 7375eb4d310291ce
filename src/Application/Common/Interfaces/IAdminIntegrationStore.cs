using Ticketing.Domain.Sync;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The integration settings row as the admin page edits it. Unlike <see cref="ISystemConfigRepository"/>
/// (what the sync reads) it writes the whole row and tells which secrets are set by their last
/// characters only.
/// </summary>
public interface IAdminIntegrationStore
{
    /// <summary>The row and its secret hints, or null before the integration was ever configured.</summary>
    Task<AdminIntegrationSnapshot?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Inserts the row when it is new (an empty <see cref="TicketingSystemConfig.Id"/>), updates it otherwise.</summary>
    Task SaveAsync(TicketingSystemConfig config, CancellationToken cancellationToken);
}

/// <summary>
/// The stored settings with hints of the secrets (<c>…4f2a</c>), computed where they can be unprotected.
/// A hint is null when the secret is not set, and <see cref="Admin.SecretMask.Unreadable"/> when it is set
/// but cannot be unprotected.
/// </summary>
public sealed record AdminIntegrationSnapshot(
    TicketingSystemConfig Config,
    string? ApiKeyHint,
    string? WebhookSecretHint,
    string? PreviousWebhookSecretHint);
