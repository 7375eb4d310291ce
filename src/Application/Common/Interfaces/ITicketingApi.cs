using Ticketing.Application.Remote;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Championship IT, the remote source of truth for tickets (see docs: championship-it-api).
/// Failures arrive as <see cref="RemoteUnavailableException"/>, <see cref="RemoteRejectedException"/>,
/// <see cref="RemoteNotFoundException"/> or <see cref="RemoteUnauthorizedException"/>; the caller's
/// own cancellation arrives as <see cref="OperationCanceledException"/>. Transient failures have
/// already been retried when an exception arrives.
/// </summary>
public interface ITicketingApi
{
    /// <summary>One page of tickets. Records that cannot be read are reported in the page's errors.</summary>
    Task<RemoteTicketPage> GetTicketsAsync(RemoteTicketQuery query, CancellationToken cancellationToken);

    /// <summary>One ticket by its external id; <see cref="RemoteNotFoundException"/> when the remote has none.</summary>
    Task<RemoteTicketResult> GetTicketAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a ticket. <paramref name="idempotencyKey"/> is chosen once by the caller per ticket to
    /// create and reused on every retry of it (also the caller's own retry after a timeout), so the
    /// remote creates it at most once.
    /// </summary>
    Task<RemoteCreatedTicket> CreateTicketAsync(RemoteTicketCreate ticket, Guid idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Changes the fields set in <paramref name="update"/>, and only those.</summary>
    Task<RemoteTicketResult> UpdateTicketAsync(string externalId, RemoteTicketUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// The remote's figures, cached for a few minutes (<paramref name="refresh"/> skips the cache).
    /// When the remote cannot answer, the figures of the local cache, flagged as such; this never
    /// throws for an unavailable remote.
    /// </summary>
    Task<RemoteTicketStats> GetStatsAsync(bool refresh, CancellationToken cancellationToken);

    /// <summary>
    /// Every ticket changed at or after <paramref name="since"/> (all when null), oldest change first,
    /// one batch per remote page of <paramref name="pageSize"/>, each ticket at most once per version.
    /// Pages by <c>updated_since</c> cursor, not by offset, so changes made while paging are not missed.
    /// </summary>
    IAsyncEnumerable<RemoteTicketBatch> StreamChangedSinceAsync(DateTimeOffset? since, int pageSize, CancellationToken cancellationToken);
}
