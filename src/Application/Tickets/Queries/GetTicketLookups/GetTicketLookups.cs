using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Queries.GetTicketLookups;

/// <summary>
/// The categories, departments and assignees the list's filters and the forms offer. Cached for
/// everyone until a ticket changes, and at most 5 minutes.
/// </summary>
public sealed record GetTicketLookupsQuery(bool Fresh = false) : ICachedQuery<TicketLookups>
{
    private static readonly string[] Tags = [CacheTag.Tickets];

    public string CacheKey => "all";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

    public CacheScope Scope => CacheScope.Shared;
}

public sealed class GetTicketLookupsHandler(ITicketListReader reader) : IQueryHandler<GetTicketLookupsQuery, TicketLookups>
{
    public async ValueTask<TicketLookups> Handle(GetTicketLookupsQuery query, CancellationToken cancellationToken) =>
        await reader.GetLookupsAsync(cancellationToken);
}
