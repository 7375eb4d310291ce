using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;

namespace Ticketing.Application.Common.Behaviours;

/// <summary>
/// The one place where ticket writes (<see cref="ITicketWrite"/>) meet protected health information,
/// whoever sends them (a page, an endpoint, a script, a job):
/// <list type="bullet">
/// <item>Before validation and the handler, a sender who may not read a PHI ticket the write names
/// (no PHI access, no live break-glass grant for it) is refused with <see cref="ForbiddenAccessException"/>,
/// so nothing reaches Championship IT and no validation message hints at the ticket's text. A write over
/// many tickets (<see cref="ISkipsRefusedTickets{TSelf, TResponse}"/>) goes on without those rows and
/// reports them as refused. The refusal is audited (<see cref="PhiAuditActions.ChangeRefused"/>).
/// Background work (the system actor) is never refused.</item>
/// <item>After the handler succeeds, one <see cref="PhiAuditActions.Change"/> entry names (by number, in
/// <c>ticket_ids</c>) every PHI ticket it wrote — flagged before the change or by it — with the rules
/// that flagged them. The handler's own entry (<c>ticket.update</c>, <c>ticket.comment</c> …) keeps what
/// changed; this one makes the change of a PHI ticket findable by its number like its reads.</item>
/// </list>
/// Constrained to <see cref="ITicketWrite"/>: Mediator puts it only into the pipelines of ticket writes,
/// so no other request builds it or resolves what it needs. A bulk edit's break-glass grants are read in
/// one query, not one per PHI row.
/// </summary>
public sealed class PhiTicketWriteBehaviour<TMessage, TResponse>(
    ICurrentUser user,
    IPhiClassification classification,
    IPhiAccessStore access,
    IAuditLog audit,
    TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage, ITicketWrite
{
    private static readonly string RequestName = typeof(TMessage).Name.EndsWith("Command", StringComparison.Ordinal)
        ? typeof(TMessage).Name[..^"Command".Length]
        : typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var named = message.WrittenTicketIds.Distinct().ToList();
        var phiBefore = await classification.PhiTicketsAmongAsync(named, cancellationToken);
        var (refused, grants) = await CheckAsync(phiBefore, cancellationToken);

        TResponse response;
        if (refused.Count == 0)
        {
            response = await next(message, cancellationToken);
        }
        else
        {
            await audit.WriteTicketAccessAsync(
                new TicketAccess(PhiAuditActions.ChangeRefused, [.. refused.Select(t => t.TicketNumber)], Details: new { Request = RequestName }),
                CancellationToken.None);
            if (message is not ISkipsRefusedTickets<TMessage, TResponse> partial)
            {
                throw new ForbiddenAccessException(PhiWriteRefusal.Message);
            }

            var skipped = refused.Select(t => t.TicketId).ToHashSet();
            var done = named.Count > skipped.Count ? await next(partial.Without(skipped), cancellationToken) : default;
            response = partial.WithRefused(done, refused);
        }

        await AuditAsync(named, response, phiBefore, refused, grants);
        return response;
    }

    /// <summary>The PHI tickets the sender may not change, and the break-glass grants that let them change the others.</summary>
    private async Task<(List<PhiTicket> Refused, Dictionary<string, DateTimeOffset> Grants)> CheckAsync(IReadOnlyList<PhiTicket> phi, CancellationToken cancellationToken)
    {
        var refused = new List<PhiTicket>();
        var grants = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (phi.Count == 0 || user.IsSystem || user.HasPhiAccess)
        {
            return (refused, grants);
        }

        var live = user.UserId is { } userId
            ? await access.BreakGlassGrantsAsync(userId, [.. phi.Select(t => t.TicketId)], clock.GetUtcNow(), cancellationToken)
            : new Dictionary<Guid, DateTimeOffset>();
        foreach (var ticket in phi)
        {
            if (live.TryGetValue(ticket.TicketId, out var until))
            {
                grants[ticket.TicketNumber] = until;
            }
            else
            {
                refused.Add(ticket);
            }
        }

        return (refused, grants);
    }

    /// <summary>
    /// The tickets written are those the result names (a new ticket, a bulk edit's successful rows), else
    /// those the request named. A ticket counts as PHI when it was flagged before the write or is now.
    /// </summary>
    private async Task AuditAsync(
        List<Guid> named, TResponse response, IReadOnlyList<PhiTicket> phiBefore, List<PhiTicket> refused, Dictionary<string, DateTimeOffset> grants)
    {
        var written = response is ITicketWriteResult result
            ? result.WrittenTicketIds.Distinct().ToList()
            : [.. named.Except(refused.Select(t => t.TicketId))];
        if (written.Count == 0)
        {
            return;
        }

        // Not cut short by a browser that went away: the change has happened.
        var phiNow = await classification.PhiTicketsAmongAsync(written, CancellationToken.None);
        var phi = phiNow.Concat(phiBefore.Where(t => written.Contains(t.TicketId)))
            .DistinctBy(t => t.TicketId)
            .OrderBy(t => t.TicketNumber, StringComparer.Ordinal)
            .ToList();
        if (phi.Count == 0)
        {
            return;
        }

        await audit.WriteTicketAccessAsync(
            new TicketAccess(
                PhiAuditActions.Change,
                [.. phi.Select(t => t.TicketNumber)],
                Details: new
                {
                    Request = RequestName,
                    Phi = true,
                    Rules = phi.Select(t => t.RuleName).Distinct(StringComparer.Ordinal).ToArray(),
                    BreakGlassUntil = grants.Count == 0 ? null : grants,
                }),
            CancellationToken.None);
    }
}
