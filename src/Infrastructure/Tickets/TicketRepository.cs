using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Tickets;

internal sealed class TicketRepository(TicketingDbContext db) : ITicketRepository
{
    public async Task<TicketKpis> GetKpisAsync(CancellationToken cancellationToken)
    {
        // One round trip: every figure is a filtered aggregate over the live (not deleted) tickets.
        var row = await db.Tickets
            .AsNoTracking()
            .Where(t => t.DeletedAt == null)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Total = g.Count(),
                Open = g.Count(t => t.Status == TicketStatus.Open || t.Status == TicketStatus.InProgress
                    || t.Status == TicketStatus.Pending || t.Status == TicketStatus.OnHold),
                InProgress = g.Count(t => t.Status == TicketStatus.InProgress),
                Resolved = g.Count(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
                AvgResolutionHours = g
                    .Where(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed) && t.ResolvedAt != null)
                    .Average(t => (double?)(t.ResolvedAt!.Value - t.CreatedAt).TotalHours),
                ResolvedWithDue = g.Count(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed)
                    && t.ResolvedAt != null && t.DueDate != null),
                ResolvedInTime = g.Count(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed)
                    && t.ResolvedAt != null && t.DueDate != null && t.ResolvedAt <= t.DueDate),
                CriticalOpen = g.Count(t => (t.Priority == TicketPriority.Critical || t.Priority == TicketPriority.Urgent)
                    && (t.Status == TicketStatus.Open || t.Status == TicketStatus.InProgress
                        || t.Status == TicketStatus.Pending || t.Status == TicketStatus.OnHold)),
            })
            .SingleOrDefaultAsync(cancellationToken);

        if (row is null)
        {
            return TicketKpis.Empty;
        }

        double? compliance = row.ResolvedWithDue == 0 ? null : 100.0 * row.ResolvedInTime / row.ResolvedWithDue;
        return new TicketKpis(
            row.Total,
            row.Open,
            row.InProgress,
            row.Resolved,
            row.AvgResolutionHours,
            compliance,
            row.ResolvedWithDue,
            row.CriticalOpen);
    }
}
