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
    /// <summary>
    /// Shorter search text is not applied: a one- or two-letter prefix matches most tickets, and a
    /// number fragment that short cannot use the number's trigram index.
    /// </summary>
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
/// A page of the list. <see cref="Total"/> is exact up to <see cref="CountCap"/> (a search: up to
/// <see cref="SearchCountCap"/>); above it the count stops (<see cref="TotalIsCapped"/>, and
/// <see cref="Total"/> is the cap) rather than slow the page down.
/// </summary>
public sealed record TicketPage(IReadOnlyList<TicketListItem> Items, int Page, int Size, int Total, bool TotalIsCapped)
{
    public const int CountCap = 10_000;

    /// <summary>
    /// A search counts its matches in the table itself (each one a heap page read, not an index
    /// entry), so it stops sooner: "1,000+ matches" costs a tenth of "10,000+".
    /// </summary>
    public const int SearchCountCap = 1_000;

    /// <summary>Where the count of a list with this filter stops.</summary>
    public static int CountCapFor(TicketFilter filter) =>
        string.IsNullOrEmpty(filter?.Search) ? CountCap : SearchCountCap;

    public bool HasNext => TotalIsCapped ? Items.Count == Size : Page * Size < Total;

    public int? TotalPages => TotalIsCapped ? null : Math.Max(1, (Total + Size - 1) / Size);
}

/// <summary>The values the list's drop-downs offer.</summary>
[ImmutableObject(true)]
public sealed record TicketLookups(IReadOnlyList<string> Categories, IReadOnlyList<string> Departments, IReadOnlyList<AssigneeOption> Assignees);

public sealed record AssigneeOption(string AssigneeId, string Name);
