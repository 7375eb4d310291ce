using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests.Support;

/// <summary>The contract's orders, written independently of the simulator's sorting code.</summary>
internal static class ExpectedOrder
{
    public static List<string> Of(IEnumerable<Ticket> tickets, string sortBy, bool descending)
    {
        var sign = descending ? -1 : 1;
        var list = tickets.ToList();
        list.Sort((a, b) =>
        {
            if (sortBy == "due_date" && (a.DueDate is null || b.DueDate is null))
            {
                // No due date sorts last in both directions.
                if (a.DueDate is null != b.DueDate is null)
                {
                    return a.DueDate is null ? 1 : -1;
                }
            }

            var primary = sortBy switch
            {
                "created_at" => a.CreatedAt.CompareTo(b.CreatedAt),
                "priority" => Array.IndexOf(Severity, a.Priority.ToWire()).CompareTo(Array.IndexOf(Severity, b.Priority.ToWire())),
                "status" => Array.IndexOf(Workflow, a.Status.ToWire()).CompareTo(Array.IndexOf(Workflow, b.Status.ToWire())),
                "due_date" => Nullable.Compare(a.DueDate, b.DueDate),
                _ => a.UpdatedAt.CompareTo(b.UpdatedAt),
            };
            return sign * (primary != 0 ? primary : string.CompareOrdinal(a.Id, b.Id));
        });
        return [.. list.Select(ticket => ticket.Id)];
    }

    public static readonly string[] Severity = ["low", "medium", "high", "urgent", "critical"];

    public static readonly string[] Workflow = ["open", "in_progress", "pending", "on_hold", "resolved", "closed", "cancelled"];
}
