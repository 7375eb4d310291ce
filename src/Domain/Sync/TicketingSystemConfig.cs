namespace Ticketing.Domain.Sync;

/// <summary>
/// The integration's settings (<c>ticketing_system_config</c>, a single row). Secrets are stored
/// only in protected form; the Infrastructure layer protects and unprotects them.
/// </summary>
public sealed class TicketingSystemConfig
{
    public const int DefaultSyncIntervalMinutes = 5;

    public Guid Id { get; set; }
    public required string ApiBaseUrl { get; set; }
    public string? ApiKeyEncrypted { get; set; }
    public bool SyncEnabled { get; set; } = true;
    public int SyncIntervalMinutes { get; set; } = DefaultSyncIntervalMinutes;
    public DateTimeOffset? LastSuccessfulSync { get; set; }

    /// <summary>
    /// The highest remote <c>updated_at</c> stored by incremental syncs: the next one asks for changes
    /// since this point (minus an overlap). Never ahead of what is stored.
    /// </summary>
    public DateTimeOffset? SyncWatermark { get; set; }

    /// <summary>
    /// The latest <c>deleted_at</c> applied from the remote's deletions feed (contract 1.1): the next
    /// sync asks for deletions since this point (minus an overlap). Null before the first.
    /// </summary>
    public DateTimeOffset? DeletionsWatermark { get; set; }

    public DateTimeOffset? LastFullSync { get; set; }

    /// <summary>The webhook secret, protected at rest like the API key.</summary>
    public string? WebhookSecret { get; set; }
    /// <summary>The webhook secret before the last rotation, protected; valid until <see cref="PreviousWebhookSecretExpiresAt"/>.</summary>
    public string? PreviousWebhookSecret { get; set; }

    public DateTimeOffset? PreviousWebhookSecretExpiresAt { get; set; }

    /// <summary>The total time a call to the remote may take, retries included.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
