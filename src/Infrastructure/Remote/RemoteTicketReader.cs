using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Remote;

/// <summary>The tolerant reader of <see cref="RemoteTicketJson"/>, for the use cases that read ticket objects themselves (webhooks).</summary>
public sealed class RemoteTicketReader : IRemoteTicketReader
{
    public bool TryRead(JsonElement item, [NotNullWhen(true)] out Ticket? ticket, [NotNullWhen(false)] out RemoteRecordError? error) =>
        RemoteTicketJson.TryRead(item, out ticket, out error);
}
