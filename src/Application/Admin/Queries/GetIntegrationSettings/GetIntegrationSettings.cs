using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Admin.Queries.GetIntegrationSettings;

/// <summary>The integration settings as the admin page shows them: secrets only by their hints.</summary>
public sealed record GetIntegrationSettingsQuery : IQuery<IntegrationSettingsView>, IAdminRequest;

public sealed record IntegrationSettingsView(
    bool IsConfigured,
    string ApiBaseUrl,
    bool SyncEnabled,
    int SyncIntervalMinutes,
    bool IsActive,
    int RequestTimeoutSeconds,
    string? ApiKeyHint,
    string? WebhookSecretHint,
    string? PreviousWebhookSecretHint,
    DateTimeOffset? PreviousWebhookSecretExpiresAt,
    DateTimeOffset? LastSuccessfulSync,
    DateTimeOffset? UpdatedAt)
{
    public const int DefaultRequestTimeoutSeconds = 30;

    public static IntegrationSettingsView NotConfigured { get; } = new(
        false, "", true, TicketingSystemConfig.DefaultSyncIntervalMinutes, true, DefaultRequestTimeoutSeconds,
        null, null, null, null, null, null);
}

public sealed class GetIntegrationSettingsHandler(IAdminIntegrationStore store, TimeProvider clock)
    : IQueryHandler<GetIntegrationSettingsQuery, IntegrationSettingsView>
{
    public async ValueTask<IntegrationSettingsView> Handle(GetIntegrationSettingsQuery query, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(cancellationToken) is not { } snapshot)
        {
            return IntegrationSettingsView.NotConfigured;
        }

        var c = snapshot.Config;
        // The previous secret is worth mentioning only while it is still accepted.
        var previousValid = c.PreviousWebhookSecretExpiresAt is { } expires && expires > clock.GetUtcNow() && snapshot.PreviousWebhookSecretHint is not null;
        return new IntegrationSettingsView(
            true,
            c.ApiBaseUrl,
            c.SyncEnabled,
            c.SyncIntervalMinutes,
            c.IsActive,
            c.RequestTimeoutSeconds,
            snapshot.ApiKeyHint,
            snapshot.WebhookSecretHint,
            previousValid ? snapshot.PreviousWebhookSecretHint : null,
            previousValid ? c.PreviousWebhookSecretExpiresAt : null,
            c.LastSuccessfulSync,
            c.UpdatedAt);
    }
}
