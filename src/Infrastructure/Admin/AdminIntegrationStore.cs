using Ticketing.Application.Common.Caching;
using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Admin;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Integration;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Admin;

internal sealed class AdminIntegrationStore(TicketingDbContext db, IntegrationSecretProtector protector, ICacheInvalidator cache) : IAdminIntegrationStore
{
    public async Task<AdminIntegrationSnapshot?> GetAsync(CancellationToken cancellationToken)
    {
        var config = await db.SystemConfigs.AsNoTracking().OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return config is null
            ? null
            : new AdminIntegrationSnapshot(config, Hint(config.ApiKeyEncrypted), Hint(config.WebhookSecret), Hint(config.PreviousWebhookSecret));
    }

    public async Task SaveAsync(TicketingSystemConfig config, CancellationToken cancellationToken)
    {
        // Only what the admin page owns is written: the sync moves the watermark and the last-sync
        // times concurrently, and a whole-row update would put back what it read before.
        var updated = await db.SystemConfigs
            .Where(c => c.Id == config.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ApiBaseUrl, config.ApiBaseUrl)
                .SetProperty(c => c.ApiKeyEncrypted, config.ApiKeyEncrypted)
                .SetProperty(c => c.SyncEnabled, config.SyncEnabled)
                .SetProperty(c => c.SyncIntervalMinutes, config.SyncIntervalMinutes)
                .SetProperty(c => c.IsActive, config.IsActive)
                .SetProperty(c => c.RequestTimeoutSeconds, config.RequestTimeoutSeconds)
                .SetProperty(c => c.WebhookSecret, config.WebhookSecret)
                .SetProperty(c => c.PreviousWebhookSecret, config.PreviousWebhookSecret)
                .SetProperty(c => c.PreviousWebhookSecretExpiresAt, config.PreviousWebhookSecretExpiresAt)
                .SetProperty(c => c.UpdatedAt, config.UpdatedAt), cancellationToken);
        if (updated == 0)
        {
            db.SystemConfigs.Add(config);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(config).State = EntityState.Detached;
        }

        // The header's sync state says whether the integration is configured.
        await cache.InvalidateAsync(CacheTag.SyncState);
    }

    private string? Hint(string? protectedSecret) =>
        string.IsNullOrEmpty(protectedSecret) ? null
        : protector.TryUnprotect(protectedSecret) is { } secret ? SecretMask.Hint(secret)
        : SecretMask.Unreadable;
}
