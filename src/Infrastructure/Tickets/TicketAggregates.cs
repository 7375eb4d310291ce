using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>Live (not deleted) tickets with this status and priority.</summary>
public readonly record struct StatusPriorityCount(TicketStatus Status, TicketPriority Priority, int Count);

/// <summary>Live tickets with this value of a column (null: no value).</summary>
public sealed record GroupCount(string? Value, int Count);

/// <summary>
/// Over live resolved or closed tickets with a resolution time: the mean hours from creation to
/// resolution (null: none), how many had a due date, and how many of those were resolved by it.
/// </summary>
public sealed record ResolutionFigures(double? AverageHours, int WithDueDate, int MetDueDate)
{
    public static ResolutionFigures None { get; } = new(null, 0, 0);
}

/// <summary>The <paramref name="Days"/> UTC days from <paramref name="FirstDay"/> on.</summary>
public sealed record DayWindow(DateOnly FirstDay, int Days);

/// <summary>Active tickets due before <paramref name="Now"/> are overdue, those due before <paramref name="Until"/> at risk.</summary>
public sealed record SlaWindow(DateTimeOffset Now, DateTimeOffset Until);

/// <summary>What to read besides the status × priority counts, which every reader needs.</summary>
public sealed record TicketAggregateRequest
{
    public bool Resolution { get; init; }

    /// <summary>Counts by category and by department.</summary>
    public bool Groups { get; init; }

    /// <summary>Tickets created and resolved per UTC day.</summary>
    public DayWindow? Daily { get; init; }

    public SlaWindow? SlaRisk { get; init; }

    /// <summary>When the mirror was last known to equal the remote.</summary>
    public bool DataAsOf { get; init; }
}

/// <summary>What <see cref="TicketAggregateReader"/> read; the parts not asked for are empty.</summary>
public sealed record TicketAggregates(IReadOnlyList<StatusPriorityCount> Counts)
{
    public ResolutionFigures Resolution { get; init; } = ResolutionFigures.None;

    /// <summary>Largest first, ties by value, tickets without one last.</summary>
    public IReadOnlyList<GroupCount> ByCategory { get; init; } = [];

    /// <summary>Largest first, ties by value, tickets without one last.</summary>
    public IReadOnlyList<GroupCount> ByDepartment { get; init; } = [];

    /// <summary>One entry per day of the window, oldest first, zeros included.</summary>
    public IReadOnlyList<DailyTicketCounts> Daily { get; init; } = [];

    public int Overdue { get; init; }

    public int AtRisk { get; init; }

    /// <summary>The settings' last successful sync or, without one, the newest ticket's last sync.</summary>
    public DateTimeOffset? DataAsOf { get; init; }

    public int Total => Counts.Sum(c => c.Count);

    public int CountOf(Func<StatusPriorityCount, bool> predicate) => Counts.Where(predicate).Sum(c => c.Count);

    /// <summary>Every status, zeros included, in workflow order.</summary>
    public IEnumerable<(TicketStatus Status, int Count)> ByStatus() =>
        Enum.GetValues<TicketStatus>().Select(s => (s, CountOf(c => c.Status == s)));

    /// <summary>Every priority, zeros included, in severity order.</summary>
    public IEnumerable<(TicketPriority Priority, int Count)> ByPriority() =>
        Enum.GetValues<TicketPriority>().Select(p => (p, CountOf(c => c.Priority == p)));
}
