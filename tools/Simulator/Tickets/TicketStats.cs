namespace Ticketing.Simulator.Tickets;

/// <summary>The body of <c>GET /tickets/stats</c>.</summary>
public sealed record TicketStats(
    int TotalTickets,
    int OpenTickets,
    int InProgressTickets,
    int ResolvedTickets,
    double AvgResolutionTimeHours,
    double SlaCompliancePercentage,
    Dictionary<string, int> TicketsByPriority,
    Dictionary<string, int> TicketsByStatus,
    Dictionary<string, int> TicketsByCategory,
    Dictionary<string, int> TicketsByDepartment)
{
    /// <summary>
    /// resolved_tickets counts resolved and closed, as the contract's example does (800 = 600 + 200).
    /// The two figures are rounded to one decimal like the example; SLA compliance is 100 when no
    /// resolved ticket had a due date, since nothing was breached.
    /// </summary>
    public static TicketStats Compute(IEnumerable<Ticket> tickets)
    {
        var byPriority = new int[TicketEnums.AllPriorityNames.Count];
        var byStatus = new int[TicketEnums.AllStatusNames.Count];
        var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        var byDepartment = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0, resolvedWithTime = 0, withDueDate = 0, withinSla = 0;
        double resolutionHours = 0;

        foreach (var ticket in tickets)
        {
            total++;
            byPriority[(int)ticket.Priority]++;
            byStatus[(int)ticket.Status]++;
            Increment(byCategory, ticket.Category);
            Increment(byDepartment, ticket.Department);
            if (ticket.Status.IsResolved() && ticket.ResolvedAt is { } resolvedAt)
            {
                resolvedWithTime++;
                resolutionHours += (resolvedAt - ticket.CreatedAt).TotalHours;
                if (ticket.DueDate is { } dueDate)
                {
                    withDueDate++;
                    withinSla += resolvedAt <= dueDate ? 1 : 0;
                }
            }
        }

        return new TicketStats(
            total,
            byStatus[(int)TicketStatus.Open],
            byStatus[(int)TicketStatus.InProgress],
            byStatus[(int)TicketStatus.Resolved] + byStatus[(int)TicketStatus.Closed],
            resolvedWithTime == 0 ? 0 : Round(resolutionHours / resolvedWithTime),
            withDueDate == 0 ? 100 : Round(100.0 * withinSla / withDueDate),
            TicketEnums.AllPriorityNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => byPriority[p.i]),
            TicketEnums.AllStatusNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => byStatus[p.i]),
            Sorted(byCategory),
            Sorted(byDepartment));
    }

    public static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private static void Increment(Dictionary<string, int> counts, string? key)
    {
        if (key is not null)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    private static Dictionary<string, int> Sorted(Dictionary<string, int> counts) =>
        counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value);
}
