using System.Collections.ObjectModel;
using Ticketing.Domain.Common;

namespace Ticketing.Domain.Tickets;

/// <summary>
/// The status sets of <see cref="TicketRules"/> as stored and sent (wire names, in workflow order),
/// for queries that filter by them: SQL takes them from here, so it cannot drift from the rules.
/// </summary>
public static class TicketStatuses
{
    /// <summary>Statuses in which a ticket still needs work: <c>open</c>, <c>in_progress</c>, <c>pending</c>, <c>on_hold</c>.</summary>
    public static IReadOnlyList<string> Active { get; } = WireNames(TicketRules.ActiveStatuses);

    /// <summary>Statuses that mean the work is done: <c>resolved</c>, <c>closed</c>.</summary>
    public static IReadOnlyList<string> Resolved { get; } = WireNames(TicketRules.ResolvedStatuses);

    private static ReadOnlyCollection<string> WireNames(IEnumerable<TicketStatus> statuses) =>
        Array.AsReadOnly(statuses.Order().Select(WireName<TicketStatus>.Of).ToArray());
}
