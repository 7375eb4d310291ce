using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.Infrastructure.Integration;

/// <summary>
/// Fills an empty <c>ticketing_system_config</c> from <c>Ticketing:Remote</c> at start-up, with the
/// secrets protected. Once a row exists it is the truth and configuration is no longer read, so an
/// admin's changes survive restarts. Without a base URL the table stays empty and the admin page
/// shows "not configured".
/// </summary>
public sealed class IntegrationConfigSeeder(
    TicketingDbContext db,
    IntegrationSecretProtector protector,
    IOptions<RemoteClientOptions> options,
    TimeProvider clock,
    ILogger<IntegrationConfigSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        if (string.IsNullOrWhiteSpace(seed.BaseUrl))
        {
            if (!await db.SystemConfigs.AnyAsync(cancellationToken))
            {
                logger.LogWarning(
                    "{Section}:BaseUrl is not set and the integration has no settings yet: Championship IT stays unconfigured until an admin sets it",
                    RemoteClientOptions.Section);
            }

            return;
        }

        if (!RemoteBaseUrl.TryParse(seed.BaseUrl, out var baseUrl, out var error))
        {
            throw new InvalidOperationException($"{RemoteClientOptions.Section}:BaseUrl is not usable. {error}");
        }

        if (seed.SyncIntervalMinutes is < 1 or > 1440)
        {
            throw new InvalidOperationException($"{RemoteClientOptions.Section}:SyncIntervalMinutes must be between 1 and 1440.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.IntegrationSettingsSeed})", cancellationToken);
        if (await db.SystemConfigs.AnyAsync(cancellationToken))
        {
            logger.LogDebug("The integration settings already exist; {Section} is not read again", RemoteClientOptions.Section);
            return;
        }

        var now = clock.GetUtcNow();
        db.SystemConfigs.Add(new TicketingSystemConfig
        {
            Id = Guid.CreateVersion7(),
            ApiBaseUrl = baseUrl.ToString(),
            ApiKeyEncrypted = string.IsNullOrWhiteSpace(seed.ApiKey) ? null : protector.Protect(seed.ApiKey.Trim()),
            WebhookSecret = string.IsNullOrWhiteSpace(seed.WebhookSecret) ? null : protector.Protect(seed.WebhookSecret.Trim()),
            SyncIntervalMinutes = seed.SyncIntervalMinutes,
            SyncEnabled = true,
            IsActive = true,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation(
            "Seeded the integration settings from configuration: base URL {BaseUrl}, API key {ApiKey}, webhook secret {WebhookSecret}",
            baseUrl,
            RemoteClientOptions.Redacted(seed.ApiKey),
            RemoteClientOptions.Redacted(seed.WebhookSecret));
        if (string.IsNullOrWhiteSpace(seed.ApiKey))
        {
            logger.LogWarning("{Section}:ApiKey is not set: calls to Championship IT will fail until an admin sets the key", RemoteClientOptions.Section);
        }
    }
}
