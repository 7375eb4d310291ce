using Ticketing.Domain.Sync;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The store of verified webhook messages (<c>webhook_messages</c>): the endpoint accepts into it, a
/// background processor applies from it, and a daily job trims it.
/// </summary>
public interface IWebhookInbox
{
    /// <summary>
    /// How long a message id is remembered after it was received, so a retry of it within this time is
    /// recognised as already done. The remote gives up retrying well before it.
    /// </summary>
    static TimeSpan DeduplicationWindow => TimeSpan.FromDays(7);

    /// <summary>
    /// Stores a verified message durably for processing; false when a message with the same id was
    /// already received (nothing is stored then). Throws
    /// <see cref="Exceptions.WebhookInboxUnavailableException"/> when it could not be stored.
    /// </summary>
    Task<bool> AcceptAsync(WebhookMessage message, CancellationToken cancellationToken);

    /// <summary>Messages received but not yet applied.</summary>
    Task<long> PendingCountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets processed messages received before <paramref name="receivedBefore"/> (typically now minus
    /// <see cref="DeduplicationWindow"/>); returns how many were deleted. Pending messages are kept.
    /// </summary>
    Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken);
}
