using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>The KPI cards and the charts, shaped from the figures of <see cref="TicketAggregateReader"/> (one round trip each).</summary>
internal sealed class TicketStatsRepository(TicketAggregateReader aggregates) : ITicketStatsRepository
{
    public async Task<TicketKpis> GetKpisAsync(DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken)
    {
        var figures = await aggregates.ReadAsync(
            new TicketAggregateRequest { Resolution = true, SlaRisk = new SlaWindow(now, now + atRiskWindow) },
            cancellationToken);
        if (figures.Total == 0)
        {
            return TicketKpis.Empty;
        }

        var resolution = figures.Resolution;
        return new TicketKpis(
            figures.Total,
            figures.CountOf(c => c.Status.IsActive()),
            figures.CountOf(c => c.Status == TicketStatus.InProgress),
            figures.CountOf(c => c.Status.IsResolved()),
            resolution.AverageHours,
            resolution.WithDueDate == 0 ? null : 100.0 * resolution.MetDueDate / resolution.WithDueDate,
            resolution.WithDueDate,
            figures.CountOf(c => c.Status.IsActive() && TicketRules.CriticalPriorities.Contains(c.Priority)))
        {
            OverdueTickets = figures.Overdue,
            AtRiskTickets = figures.AtRisk,
        };
    }

    public async Task<TicketCharts> GetChartsAsync(DateOnly lastDay, int days, int topGroups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(topGroups, 1);

        var figures = await aggregates.ReadAsync(
            new TicketAggregateRequest { Groups = true, Daily = new DayWindow(lastDay.AddDays(1 - days), days) },
            cancellationToken);

        // Every status and priority is listed, zeros included, in the enums' (workflow, severity) order.
        return new TicketCharts(
            [.. figures.ByStatus().Select(s => new ChartCount(TicketCharts.LabelOf(s.Status), s.Count))],
            [.. figures.ByPriority().Select(p => new ChartCount(TicketCharts.LabelOf(p.Priority), p.Count))],
            Top(figures.ByCategory, topGroups, TicketCharts.NoCategoryLabel),
            Top(figures.ByDepartment, topGroups, TicketCharts.NoDepartmentLabel),
            figures.Daily);
    }

    /// <summary>The <paramref name="top"/> largest groups (already ranked), then the rest as one "Other" bar when there is a rest.</summary>
    private static List<ChartCount> Top(IReadOnlyList<GroupCount> ranked, int top, string noValueLabel)
    {
        var bars = ranked.Take(top).Select(g => new ChartCount(g.Value ?? noValueLabel, g.Count)).ToList();
        if (ranked.Count > top)
        {
            bars.Add(new ChartCount(TicketCharts.OtherLabel, ranked.Skip(top).Sum(g => g.Count)));
        }

        return bars;
    }
}
