using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>The fields <c>GET /tickets</c> can sort by.</summary>
public enum RemoteSortField
{
    UpdatedAt,
    CreatedAt,
    Priority,
    Status,
    DueDate,
}

public enum RemoteSortDirection
{
    Ascending,
    Descending,
}

/// <summary>
/// A query for <c>GET /tickets</c>. A null or empty list filters nothing; several values mean any
/// of them. The remote clamps <see cref="Limit"/> to at most <see cref="MaxLimit"/>.
/// </summary>
public sealed record RemoteTicketQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public IReadOnlyList<TicketStatus>? Statuses { get; init; }
    public IReadOnlyList<TicketPriority>? Priorities { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public IReadOnlyList<string>? Departments { get; init; }
    public string? AssigneeId { get; init; }
    public string? Search { get; init; }

    /// <summary>Only tickets with <c>updated_at &gt;= UpdatedSince</c>.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>Null leaves the remote's default (<c>updated_at</c>).</summary>
    public RemoteSortField? SortBy { get; init; }

    /// <summary>Null leaves the remote's default (ascending).</summary>
    public RemoteSortDirection? SortDirection { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int Limit { get; init; } = DefaultLimit;
}
