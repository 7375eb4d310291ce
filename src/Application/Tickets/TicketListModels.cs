using System.ComponentModel;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets;

public enum TicketSortField
{
    Updated,
    Created,
    Priority,
    Status,
    Due,
}

public enum SortDirection
{
    Asc,
    Desc,
}

public enum AssigneeFilterKind
{
    Any,
    Unassigned,
    Me,
    Specific,
}

public enum SlaFilter
{
    Any,
    Overdue,
    AtRisk,
}

/// <summary>Who a ticket is assigned to: anyone, nobody, the signed-in user, or one remote assignee id.</summary>
public sealed record AssigneeFilter(AssigneeFilterKind Kind, string? AssigneeId = null)
{
    public static AssigneeFilter Any { get; } = new(AssigneeFilterKind.Any);
}

/// <summary>The list's filters. Empty lists mean "any". Deleted tickets are always excluded.</summary>
public sealed record TicketFilter(
    IReadOnlyList<TicketStatus> Statuses,
    IReadOnlyList<TicketPriority> Priorities,
    string? Category,
    string? Department,
    AssigneeFilter Assignee,
    string? Search,
    SlaFilter Sla)
{
    /// <summary>Shorter search text cannot use the trigram indexes, so it is not applied.</summary>
    public const int MinSearchLength = 3;

    public const int MaxSearchLength = 200;

    public static TicketFilter None { get; } = new([], [], null, null, AssigneeFilter.Any, null, SlaFilter.Any);
}

public sealed record TicketSort(TicketSortField Field, SortDirection Direction)
{
    public static TicketSort Default { get; } = new(TicketSortField.Updated, SortDirection.Desc);
}

public sealed record PageRequest(int Page, int Size)
{
    public static readonly IReadOnlyList<int> Sizes = [25, 50, 100];

    public static PageRequest Default { get; } = new(1, 25);

    public int Offset => (Page - 1) * Size;
}

/// <summary>One row of the list: what the table shows, nothing more.</summary>
public sealed record TicketListItem(
    Guid Id,
    string ExternalTicketId,
    string TicketNumber,
    string Title,
    TicketStatus Status,
    TicketPriority Priority,
    string? Category,
    string? Department,
    string? RequesterName,
    string? AssigneeId,
    string? AssigneeName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? DueDate);

/// <summary>
/// A page of the list. <see cref="Total"/> is exact up to <see cref="CountCap"/>; above it the count
/// stops (<see cref="TotalIsCapped"/>) rather than slow the page down.
/// </summary>
public sealed record TicketPage(IReadOnlyList<TicketListItem> Items, int Page, int Size, int Total, bool TotalIsCapped)
{
    public const int CountCap = 10_000;

    public bool HasNext => TotalIsCapped ? Items.Count == Size : Page * Size < Total;

    public int? TotalPages => TotalIsCapped ? null : Math.Max(1, (Total + Size - 1) / Size);
}

/// <summary>The values the list's drop-downs offer.</summary>
[ImmutableObject(true)]
public sealed record TicketLookups(IReadOnlyList<string> Categories, IReadOnlyList<string> Departments, IReadOnlyList<AssigneeOption> Assignees);

public sealed record AssigneeOption(string AssigneeId, string Name);
