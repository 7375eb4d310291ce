namespace Ticketing.Simulator.Tickets;

public enum TicketSortField
{
    UpdatedAt,
    CreatedAt,
    Priority,
    Status,
    DueDate,
}

/// <summary>A validated <c>GET /tickets</c> query.</summary>
public sealed record TicketQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public int Page { get; init; } = 1;

    public int Limit { get; init; } = DefaultLimit;

    public IReadOnlyList<TicketStatus>? Statuses { get; init; }

    public IReadOnlyList<TicketPriority>? Priorities { get; init; }

    public IReadOnlyList<string>? Categories { get; init; }

    public IReadOnlyList<string>? Departments { get; init; }

    public string? AssigneeId { get; init; }

    public string? Search { get; init; }

    public DateTime? UpdatedSince { get; init; }

    public TicketSortField SortBy { get; init; } = TicketSortField.UpdatedAt;

    public bool Descending { get; init; }

    /// <summary>Filters other than updated_since, which the index answers by itself.</summary>
    public bool HasFilters =>
        Statuses is not null || Priorities is not null || Categories is not null || Departments is not null
        || AssigneeId is not null || Search is not null;

    internal TicketFilter CreateFilter() => new(this);
}

public sealed record TicketPageResult(IReadOnlyList<Ticket> Items, int Total);
