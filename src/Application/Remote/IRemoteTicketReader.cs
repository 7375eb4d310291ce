using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>
/// Reads the contract's ticket object, as the remote client reads it from its pages: per record, so an
/// unreadable ticket is a <see cref="RemoteRecordError"/> with every problem found, never an exception.
/// A webhook carries the same object, so its rules apply to webhooks too.
/// </summary>
public interface IRemoteTicketReader
{
    /// <summary>Reads one ticket; <see cref="Ticket.LastSyncedAt"/> is left for the caller.</summary>
    bool TryRead(JsonElement item, [NotNullWhen(true)] out Ticket? ticket, [NotNullWhen(false)] out RemoteRecordError? error);
}
