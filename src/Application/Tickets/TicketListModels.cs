using System.ComponentModel;
using System.Globalization;
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

public enum SlaFilter
{
    Any,
    Overdue,
    AtRisk,

    /// <summary>Unresolved and flagged by the breach prediction (issue 18).</summary>
    LikelyToBreach,
}

/// <summary>The two promises of an SLA policy.</summary>
public enum SlaTarget
{
    FirstResponse,
    Resolution,
}

/// <summary>
/// The resolved tickets whose SLA policy <see cref="PolicyId"/> was breached on <see cref="Target"/>, resolved in
/// <see cref="Month"/> (a UTC month, its first day): exactly the tickets behind one "breached" figure of the
/// Overview's compliance table. In an address: <c>breach=resolution.2026-11.&lt;policy id&gt;</c>.
/// </summary>
public sealed record SlaBreachFilter(Guid PolicyId, DateOnly Month, SlaTarget Target)
{
    public string ToParameter() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Target == SlaTarget.Resolution ? "resolution" : "first_response")}.{Month:yyyy-MM}.{PolicyId:D}");

    public static SlaBreachFilter? Parse(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 3
            || !DateOnly.TryParseExact(parts[1] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            || !Guid.TryParseExact(parts[2], "D", out var policy))
        {
            return null;
        }

        SlaTarget? target = parts[0] switch
        {
            "resolution" => SlaTarget.Resolution,
            "first_response" => SlaTarget.FirstResponse,
            _ => null,
        };
        return target is { } t ? new SlaBreachFilter(policy, month, t) : null;
    }
}

/// <summary>
/// The tickets whose SLA policy <see cref="Met"/> (or breached) <see cref="Target"/>, as <c>ticket_sla</c> records it:
/// with a resolution window and a policy, exactly one cell of the analytics SLA compliance table or the
/// Overview's met figures. In an address: <c>sla_outcome=resolution.met</c>.
/// </summary>
public sealed record SlaOutcomeFilter(SlaTarget Target, bool Met)
{
    public string ToParameter() => $"{(Target == SlaTarget.Resolution ? "resolution" : "first_response")}.{(Met ? "met" : "breached")}";

    public static SlaOutcomeFilter? Parse(string text) => text switch
    {
        "resolution.met" => new(SlaTarget.Resolution, true),
        "resolution.breached" => new(SlaTarget.Resolution, false),
        "first_response.met" => new(SlaTarget.FirstResponse, true),
        "first_response.breached" => new(SlaTarget.FirstResponse, false),
        _ => null,
    };

    /// <summary>"Resolution met", "First response breached".</summary>
    public string Words => $"{(Target == SlaTarget.Resolution ? "Resolution" : "First response")} {(Met ? "met" : "breached")}";
}

/// <summary>
/// Who a ticket is assigned to, any of: nobody (<see cref="Unassigned"/>), the signed-in user
/// (<see cref="Me"/>), or one of <see cref="Ids"/> (remote assignee ids). Nothing chosen means anyone.
/// </summary>
public sealed record AssigneeFilter(bool Me, bool Unassigned, IReadOnlyList<string> Ids)
{
    public static AssigneeFilter Any { get; } = new(false, false, []);

    public static AssigneeFilter OnlyMe { get; } = new(true, false, []);

    public static AssigneeFilter Nobody { get; } = new(false, true, []);

    public bool IsAny => !Me && !Unassigned && Ids.Count == 0;

    public static AssigneeFilter Of(params string[] ids) => new(false, false, ids);

    public bool Equals(AssigneeFilter? other) =>
        other is not null && Me == other.Me && Unassigned == other.Unassigned && Ids.SequenceEqual(other.Ids, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Me, Unassigned, Ids.Count);
}

/// <summary>Instants from <see cref="From"/> (included) to <see cref="To"/> (excluded); a missing bound is open.</summary>
public sealed record TimeWindow(DateTimeOffset? From, DateTimeOffset? To)
{
    public bool Contains(DateTimeOffset instant) => (From is not { } from || instant >= from) && (To is not { } to || instant < to);
}

/// <summary>
/// The list's filters. Each list means "any of these"; an empty list means "any". Deleted tickets
/// are always excluded. Two filters are equal when they hold the same values in the same order.
/// </summary>
public sealed record TicketFilter(
    IReadOnlyList<TicketStatus> Statuses,
    IReadOnlyList<TicketPriority> Priorities,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Departments,
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

    /// <summary>The most values one multi-value filter takes (a longer list comes from a forged address).</summary>
    public const int MaxValues = 50;

    /// <summary>
    /// The category filter's value for "no category" (null or blank), as the "Uncategorized" preset uses it.
    /// In parentheses so it cannot be taken for a category's name.
    /// </summary>
    public const string NoCategory = "(none)";

    /// <summary>The department filter's value for "no department" (null or blank), as <see cref="NoCategory"/> is for categories.</summary>
    public const string NoDepartment = "(none)";

    public static TicketFilter None { get; } = new([], [], [], [], AssigneeFilter.Any, null, SlaFilter.Any);

    /// <summary>
    /// Who asks, not what: the reader may not see PHI text, so the search matches a PHI ticket only by
    /// its number (a hit inside masked text would reveal it, and so would the count). Set by
    /// <c>TicketFilters.ResolveForUser</c>; not part of equality, addresses or saved views.
    /// </summary>
    public bool HidePhiText { get; init; }

    /// <summary>Only tickets under one of these SLA policies (<c>ticket_sla</c>); empty means any.</summary>
    public IReadOnlyList<Guid> Policies { get; init; } = [];

    /// <summary>Only tickets whose first public reply by an agent (<c>ticket_sla.first_response_at</c>) is in this window.</summary>
    public TimeWindow? FirstResponse { get; init; }

    /// <summary>Only tickets created in this window (the analytics drill-down's days, in the viewer's zone).</summary>
    public TimeWindow? Created { get; init; }

    /// <summary>Only tickets resolved (resolved or closed, with a resolution time) in this window.</summary>
    public TimeWindow? Resolved { get; init; }

    /// <summary>
    /// Only tickets in the backlog at this instant: created before it and then still to be worked on
    /// (an active status now, or resolved or closed at or after it). Cancelled tickets never are.
    /// </summary>
    public DateTimeOffset? OpenAt { get; init; }

    /// <summary>Only the tickets behind one breached figure of the SLA compliance report; null for no such limit.</summary>
    public SlaBreachFilter? Breach { get; init; }

    /// <summary>
    /// Only tickets reopened at least once: their history holds a status change from resolved or closed back
    /// to an active status (the analytics reopen rate's definition, docs/decisions/127-analytics-reopen-rate.md).
    /// </summary>
    public bool Reopened { get; init; }

    /// <summary>Only tickets whose SLA policy met or breached one target; null for no such limit.</summary>
    public SlaOutcomeFilter? SlaOutcome { get; init; }

    public bool IsEmpty => Equals(None);

    public bool Equals(TicketFilter? other) =>
        other is not null
        && Statuses.SequenceEqual(other.Statuses)
        && Priorities.SequenceEqual(other.Priorities)
        && Categories.SequenceEqual(other.Categories, StringComparer.Ordinal)
        && Departments.SequenceEqual(other.Departments, StringComparer.Ordinal)
        && Assignee.Equals(other.Assignee)
        && string.Equals(Search, other.Search, StringComparison.Ordinal)
        && Sla == other.Sla
        && Policies.SequenceEqual(other.Policies)
        && Equals(FirstResponse, other.FirstResponse)
        && Equals(Created, other.Created)
        && Equals(Resolved, other.Resolved)
        && OpenAt == other.OpenAt
        && Equals(Breach, other.Breach)
        && Reopened == other.Reopened
        && Equals(SlaOutcome, other.SlaOutcome);

    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Statuses.Count, Priorities.Count, Categories.Count, Departments.Count, Assignee, Search, Sla), Policies.Count, FirstResponse, Created, Resolved, OpenAt, HashCode.Combine(Breach, Reopened, SlaOutcome));
}

public sealed record TicketSort(TicketSortField Field, SortDirection Direction)
{
    public static TicketSort Default { get; } = new(TicketSortField.Updated, SortDirection.Desc);
}

public sealed record PageRequest(int Page, int Size)
{
    public static readonly IReadOnlyList<int> Sizes = [25, 50, 100];

    public static PageRequest Default { get; } = new(1, 25);

    /// <summary>The rows before the page; a long, so that no page number an address can hold overflows it.</summary>
    public long Offset => (long)(Page - 1) * Size;
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
    DateTimeOffset? DueDate)
{
    /// <summary>The ticket is flagged as holding protected health information (<c>ticket_phi</c>).</summary>
    public bool IsPhi { get; init; }

    /// <summary>The PHI text of this row was withheld from the reader (<see cref="Phi.PhiMask"/>).</summary>
    public bool Masked { get; init; }

    /// <summary>The ticket's SLA under the policy that covers it (<c>ticket_sla</c>); null when none does.</summary>
    public PolicySla? PolicySla { get; init; }

    /// <summary>The breach estimate when the ticket is flagged likely to breach (<c>ticket_breach_risk</c>); null otherwise.</summary>
    public Sla.Prediction.TicketBreachRiskView? BreachRisk { get; init; }

    /// <summary>The row of a ticket the cache holds (after an inline change, say).</summary>
    public static TicketListItem Of(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(
            ticket.Id,
            ticket.ExternalTicketId,
            ticket.TicketNumber,
            ticket.Title,
            ticket.Status,
            ticket.Priority,
            ticket.Category,
            ticket.Department,
            ticket.RequesterName,
            ticket.AssigneeId,
            ticket.AssigneeName,
            ticket.CreatedAt,
            ticket.UpdatedAt,
            ticket.ResolvedAt,
            ticket.DueDate);
    }
}

/// <summary>
/// A row's SLA by policy, as last computed: the resolution due time (null while the clock is paused) and the
/// overall state (either target breached counts).
/// </summary>
public sealed record PolicySla(DateTimeOffset? ResolutionDueAt, SlaState State);

/// <summary>
/// A page of the list. <see cref="Total"/> is exact when the mirror's kept counters answer the filter
/// (statuses and priorities alone, decision 169), whatever its size; otherwise it is exact up to
/// <see cref="CountCap"/> (a search: up to <see cref="SearchCountCap"/>), and above that the count
/// stops (<see cref="TotalIsCapped"/>, and <see cref="Total"/> is the cap) rather than slow the page down.
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

    public bool HasNext => TotalIsCapped ? Items.Count == Size : (long)Page * Size < Total;

    public int? TotalPages => TotalIsCapped ? null : Math.Max(1, (Total + Size - 1) / Size);
}

/// <summary>The values the list's drop-downs offer.</summary>
[ImmutableObject(true)]
public sealed record TicketLookups(IReadOnlyList<string> Categories, IReadOnlyList<string> Departments, IReadOnlyList<AssigneeOption> Assignees);

public sealed record AssigneeOption(string AssigneeId, string Name);
