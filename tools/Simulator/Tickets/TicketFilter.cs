namespace Ticketing.Simulator.Tickets;

/// <summary>
/// A query's filters prepared for a scan over up to a million tickets: enum sets as bit masks,
/// and search results remembered per string instance, because seeded titles and descriptions are
/// pooled and the same few thousand strings recur throughout the store. One per query; not shared.
/// </summary>
internal sealed class TicketFilter
{
    private readonly int _statusMask;
    private readonly int _priorityMask;
    private readonly IReadOnlyList<string>? _categories;
    private readonly IReadOnlyList<string>? _departments;
    private readonly string? _assigneeId;
    private readonly string? _search;
    private readonly Dictionary<string, bool> _searchedText = new(ReferenceEqualityComparer.Instance);

    public TicketFilter(TicketQuery query)
    {
        _statusMask = Mask(query.Statuses?.Select(status => (int)status));
        _priorityMask = Mask(query.Priorities?.Select(priority => (int)priority));
        _categories = query.Categories;
        _departments = query.Departments;
        _assigneeId = query.AssigneeId;
        _search = query.Search;
    }

    public bool Matches(Ticket ticket) =>
        (_statusMask == 0 || (_statusMask & (1 << (int)ticket.Status)) != 0)
        && (_priorityMask == 0 || (_priorityMask & (1 << (int)ticket.Priority)) != 0)
        && (_categories is null || ContainsIgnoringCase(_categories, ticket.Category))
        && (_departments is null || ContainsIgnoringCase(_departments, ticket.Department))
        && (_assigneeId is null || string.Equals(_assigneeId, ticket.AssigneeId, StringComparison.Ordinal))
        && (_search is null || MatchesSearch(ticket, _search));

    private static int Mask(IEnumerable<int>? values) => values?.Aggregate(0, (mask, value) => mask | (1 << value)) ?? 0;

    private static bool ContainsIgnoringCase(IReadOnlyList<string> values, string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesSearch(Ticket ticket, string search) =>
        ticket.TicketNumber.Contains(search, StringComparison.OrdinalIgnoreCase)
        || Contains(ticket.Title, search)
        || (ticket.Description is { } description && Contains(description, search));

    private bool Contains(string text, string search)
    {
        if (!_searchedText.TryGetValue(text, out var found))
        {
            found = text.Contains(search, StringComparison.OrdinalIgnoreCase);
            _searchedText[text] = found;
        }

        return found;
    }
}
