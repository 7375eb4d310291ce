using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Integration.Queries.GetIntegrationSummary;

/// <summary>What an admin sees of the integration's settings. Secrets are reported only as set or not set.</summary>
public sealed record GetIntegrationSummaryQuery : IQuery<IntegrationSummary>;

public sealed record IntegrationSummary(
    bool IsConfigured,
    string? ApiBaseUrl,
    bool ApiKeySet,
    bool WebhookSecretSet,
    bool SyncEnabled,
    bool IsActive,
    int SyncIntervalMinutes,
    DateTimeOffset? LastSuccessfulSync);

public sealed class GetIntegrationSummaryHandler(ISystemConfigRepository configs)
    : IQueryHandler<GetIntegrationSummaryQuery, IntegrationSummary>
{
    public async ValueTask<IntegrationSummary> Handle(GetIntegrationSummaryQuery query, CancellationToken cancellationToken)
    {
        var config = await configs.GetAsync(cancellationToken);
        return config is null
            ? new IntegrationSummary(false, null, false, false, false, false, 0, null)
            : new IntegrationSummary(
                true,
                config.ApiBaseUrl,
                !string.IsNullOrEmpty(config.ApiKeyEncrypted),
                !string.IsNullOrEmpty(config.WebhookSecret),
                config.SyncEnabled,
                config.IsActive,
                config.SyncIntervalMinutes,
                config.LastSuccessfulSync);
    }
}
