namespace Ticketing.Application.Phi;

/// <summary>
/// Marks a request that changes tickets (at Championship IT and in the mirror): an edit, a reply or
/// note, an attachment, a bulk edit, a new ticket, a queued write's delivery. The PHI behaviour
/// (<see cref="Common.Behaviours.PhiTicketWriteBehaviour{TMessage, TResponse}"/>) refuses it for a sender
/// who may not read a PHI ticket it names, before validation and the handler, and audits it as
/// <see cref="PhiAuditActions.Change"/> when it touched a PHI ticket, whoever sent it.
/// </summary>
public interface ITicketWrite
{
    /// <summary>The tickets (mirror ids) it changes, as far as they are known before it runs; empty for a ticket it files.</summary>
    IReadOnlyCollection<Guid> WrittenTicketIds { get; }
}

/// <summary>
/// A ticket write's result that names the tickets it did write, when the request could not (a new
/// ticket, the deliveries of the outbox) or wrote fewer (a bulk edit's failed rows). The audit names these.
/// </summary>
public interface ITicketWriteResult
{
    IReadOnlyCollection<Guid> WrittenTicketIds { get; }
}

/// <summary>
/// A ticket write over many tickets that goes on without the ones its sender may not change, and
/// reports each of those as refused in its result, rather than refusing the whole request.
/// </summary>
/// <typeparam name="TSelf">The request type itself.</typeparam>
/// <typeparam name="TResponse">Its result type.</typeparam>
public interface ISkipsRefusedTickets<TSelf, TResponse> : ITicketWrite
{
    /// <summary>The same request without <paramref name="refused"/>.</summary>
    TSelf Without(IReadOnlySet<Guid> refused);

    /// <summary>
    /// The result to answer: <paramref name="done"/> (null when nothing was left to do) with each refused
    /// ticket reported as refused, in the order the request named them.
    /// </summary>
    TResponse WithRefused(TResponse? done, IReadOnlyList<PhiTicket> refused);
}

/// <summary>What a sender without PHI access is told when a write names a PHI ticket.</summary>
public static class PhiWriteRefusal
{
    public const string Message =
        "This ticket holds protected health information: only people with PHI access, or with break-glass access to this ticket, can change it.";

    /// <summary>One skipped row of a bulk edit.</summary>
    public const string RowMessage =
        "Not changed: it holds protected health information, and you have neither PHI access nor break-glass access to it.";
}
