namespace Ticketing.Application.Remote;

/// <summary>One record of <c>GET /tickets/deleted</c>: the remote deleted this ticket at <see cref="DeletedAt"/>.</summary>
public sealed record RemoteTombstone(string ExternalTicketId, DateTimeOffset DeletedAt);

/// <summary>One page of the deletions feed, de-duplicated, with the records that could not be read.</summary>
public sealed record RemoteTombstoneBatch(
    IReadOnlyList<RemoteTombstone> Tombstones,
    IReadOnlyList<RemoteRecordError> Errors,
    int Retries);
