using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// The remote's stats computed over the local cache (<c>tickets_cache</c>, not deleted), for when the
/// remote cannot answer. Same meanings as the remote: "open" is the status open, "resolved" counts
/// resolved and closed, the average and SLA compliance are over resolved or closed tickets with a
/// resolution time (and a due date, for SLA). Null categories and departments are not counted by name.
/// </summary>
internal sealed class LocalTicketStatsReader(TicketAggregateReader aggregates)
{
    public async Task<RemoteTicketStats> ReadAsync(CancellationToken cancellationToken)
    {
        var figures = await aggregates.ReadAsync(
            new TicketAggregateRequest { Resolution = true, Groups = true, DataAsOf = true },
            cancellationToken);
        var resolution = figures.Resolution;

        // Every status and priority is reported, with zeros, as the remote does.
        return new RemoteTicketStats(
            figures.Total,
            figures.CountOf(c => c.Status == TicketStatus.Open),
            figures.CountOf(c => c.Status == TicketStatus.InProgress),
            figures.CountOf(c => c.Status.IsResolved()),
            resolution.AverageHours is { } hours ? Math.Round(hours, 1, MidpointRounding.AwayFromZero) : null,
            resolution.WithDueDate == 0 ? null : Math.Round(100.0 * resolution.MetDueDate / resolution.WithDueDate, 1, MidpointRounding.AwayFromZero),
            figures.ByPriority().ToDictionary(p => WireName<TicketPriority>.Of(p.Priority), p => p.Count, StringComparer.Ordinal),
            figures.ByStatus().ToDictionary(s => WireName<TicketStatus>.Of(s.Status), s => s.Count, StringComparer.Ordinal),
            Named(figures.ByCategory),
            Named(figures.ByDepartment))
        {
            FromLocalCache = true,
            LocalDataAsOf = figures.DataAsOf,
        };
    }

    private static Dictionary<string, int> Named(IReadOnlyList<GroupCount> groups) =>
        groups.Where(g => g.Value is not null).ToDictionary(g => g.Value!, g => g.Count, StringComparer.Ordinal);
}
