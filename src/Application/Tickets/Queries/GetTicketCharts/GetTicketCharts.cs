using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;

namespace Ticketing.Application.Tickets.Queries.GetTicketCharts;

/// <summary>
/// The Overview's charts, from the local cache: every ticket that is not deleted. Cached for everyone
/// until a ticket changes, and at most 5 minutes (the last day of the series moves at midnight UTC).
/// </summary>
public sealed record GetTicketChartsQuery(bool Fresh = false) : ICachedQuery<TicketCharts>
{
    private static readonly string[] Tags = [CacheTag.Tickets];

    public string CacheKey => "all";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

    public CacheScope Scope => CacheScope.Shared;
}

/// <summary>One bar of a chart: what it counts and how many.</summary>
public sealed record ChartCount(string Label, int Count);

/// <summary>Tickets created on a UTC day, and tickets resolved (or closed) on it.</summary>
public sealed record DailyTicketCounts(DateOnly Day, int Created, int Resolved);

/// <summary>
/// Chart figures. Statuses come in workflow order and priorities in severity order, each with every
/// value (zero included) so a chart keeps its shape. Categories and departments are the
/// <see cref="TopGroups"/> largest, then <see cref="OtherLabel"/> for the rest when there are more.
/// <see cref="CreatedVsResolved"/> has one entry per UTC day, oldest first, zeros included.
/// </summary>
[ImmutableObject(true)]
public sealed record TicketCharts(
    IReadOnlyList<ChartCount> ByStatus,
    IReadOnlyList<ChartCount> ByPriority,
    IReadOnlyList<ChartCount> ByCategory,
    IReadOnlyList<ChartCount> ByDepartment,
    IReadOnlyList<DailyTicketCounts> CreatedVsResolved)
{
    public const int TopGroups = 10;
    public const int Days = 30;
    public const string OtherLabel = "Other";
    public const string NoCategoryLabel = "No category";
    public const string NoDepartmentLabel = "No department";

    /// <summary>"In progress" for <c>in_progress</c>: the wire name, as a person would write it.</summary>
    public static string LabelOf<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = WireName<TEnum>.Of(value);
        return string.Concat(name[..1].ToUpperInvariant(), name[1..].Replace('_', ' '));
    }
}

public sealed class GetTicketChartsHandler(ITicketStatsRepository stats, TimeProvider clock)
    : IQueryHandler<GetTicketChartsQuery, TicketCharts>
{
    public async ValueTask<TicketCharts> Handle(GetTicketChartsQuery query, CancellationToken cancellationToken)
    {
        // Days are UTC days: the figures are shared by every user, whatever their time zone.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return await stats.GetChartsAsync(today, TicketCharts.Days, TicketCharts.TopGroups, cancellationToken);
    }
}
