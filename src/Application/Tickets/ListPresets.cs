using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets;

/// <summary>
/// A one-click view of the list: a filter and a sort with a name. Its address is an ordinary list
/// address, so a preset is bookmarkable like any filter and is "current" when the list shows exactly it.
/// </summary>
public sealed record ListPreset(string Key, string Label, string Description, TicketFilter Filter, TicketSort Sort)
{
    /// <summary>Whether the preset is about the signed-in user (its count is one per user).</summary>
    public bool IsPersonal => Filter.Assignee.Me;

    public TicketListAddress Address => new(Filter, Sort, PageRequest.Default, []);

    public string QueryString => Address.ToQueryString();
}

/// <summary>The presets above the list, in the order they are shown.</summary>
public static class ListPresets
{
    private static readonly TicketStatus[] Active = [.. TicketRules.ActiveStatuses.Order()];

    public static ListPreset MyOpen { get; } = new(
        "my-open",
        "My open",
        "Assigned to you and not resolved yet",
        TicketFilter.None with { Statuses = Active, Assignee = AssigneeFilter.OnlyMe },
        TicketSort.Default);

    public static ListPreset Unassigned { get; } = new(
        "unassigned",
        "Unassigned",
        "Not resolved and nobody is assigned",
        TicketFilter.None with { Statuses = Active, Assignee = AssigneeFilter.Nobody },
        TicketSort.Default);

    public static ListPreset Uncategorized { get; } = new(
        "uncategorized",
        "Uncategorized",
        "Not resolved and without a category, with the triage assistant's suggestions",
        TicketFilter.None with { Statuses = Active, Categories = [TicketFilter.NoCategory] },
        TicketSort.Default);

    public static ListPreset Unresolved { get; } = new(
        "unresolved",
        "Unresolved",
        "Open, in progress, pending or on hold",
        TicketFilter.None with { Statuses = Active },
        TicketSort.Default);

    public static ListPreset Overdue { get; } = new(
        "overdue",
        "Overdue",
        "Not resolved and breached by its SLA policy, or past its due date when no policy covers it",
        TicketFilter.None with { Sla = SlaFilter.Overdue },
        new TicketSort(TicketSortField.Due, SortDirection.Asc));

    public static ListPreset AtRisk { get; } = new(
        "at-risk",
        "At risk",
        "Not resolved and at risk by its SLA policy, or due soon when no policy covers it",
        TicketFilter.None with { Sla = SlaFilter.AtRisk },
        new TicketSort(TicketSortField.Due, SortDirection.Asc));

    public static ListPreset LikelyToBreach { get; } = new(
        "likely",
        "Likely to breach",
        "Not resolved and predicted to breach its SLA policy, from how long similar tickets took",
        TicketFilter.None with { Sla = SlaFilter.LikelyToBreach },
        new TicketSort(TicketSortField.Due, SortDirection.Asc));

    public static ListPreset CriticalAndUrgent { get; } = new(
        "critical",
        "Critical & urgent",
        "Not resolved, priority critical or urgent",
        TicketFilter.None with { Statuses = Active, Priorities = [TicketPriority.Urgent, TicketPriority.Critical] },
        new TicketSort(TicketSortField.Priority, SortDirection.Desc));

    public static IReadOnlyList<ListPreset> All { get; } = [MyOpen, Unassigned, Unresolved, Overdue, AtRisk, LikelyToBreach, CriticalAndUrgent, Uncategorized];

    /// <summary>The preset the list shows exactly (same filter and sort), if any.</summary>
    public static ListPreset? Matching(TicketFilter filter, TicketSort sort) =>
        All.FirstOrDefault(p => p.Filter.Equals(filter) && p.Sort == sort);
}
