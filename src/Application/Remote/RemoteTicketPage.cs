using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>The <c>pagination</c> object of <c>GET /tickets</c>.</summary>
public sealed record RemotePagination(int Page, int Limit, int Total, int TotalPages);

/// <summary>
/// One remote record that could not be read (unknown status, a missing required field, malformed
/// JSON). <see cref="ExternalId"/> is null when even the id could not be read.
/// </summary>
public sealed record RemoteRecordError(string? ExternalId, string Reason);

/// <summary>
/// One page of <c>GET /tickets</c>: the tickets that could be read, the records that could not, and
/// how many retries the call needed. <see cref="Ticket.LastSyncedAt"/> is left for the caller to set.
/// </summary>
public sealed record RemoteTicketPage(
    IReadOnlyList<Ticket> Tickets,
    IReadOnlyList<RemoteRecordError> Errors,
    RemotePagination Pagination,
    int Retries);

/// <summary>
/// One batch of the change stream (one remote page, de-duplicated): the tickets read, the records
/// that could not be read, the highest <c>updated_at</c> of the page (failed records included,
/// duplicates too) and the retries the page needed.
/// </summary>
public sealed record RemoteTicketBatch(
    IReadOnlyList<Ticket> Tickets,
    IReadOnlyList<RemoteRecordError> Errors,
    DateTimeOffset? HighestUpdatedAt,
    int Retries)
{
    /// <summary>
    /// Groups of tickets sharing one <c>updated_at</c> (more than a page) that kept changing while
    /// they were read, so the stream moved on without proof that none was missed there.
    /// </summary>
    public int UnverifiedTieGroups { get; init; }

    /// <summary>How many tickets the remote said match the stream's query when it sent this page (its pagination total).</summary>
    public int RemoteTotal { get; init; }
}

/// <summary>A single ticket read or written, with the retries the call needed.</summary>
public sealed record RemoteTicketResult(Ticket Ticket, int Retries);

/// <summary>
/// The answer to a create. <see cref="IsReplay"/> is true when the remote had already created a
/// ticket for this Idempotency-Key (200 instead of 201) and returned it instead of a new one.
/// </summary>
public sealed record RemoteCreatedTicket(Ticket Ticket, bool IsReplay, int Retries);
