using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list page's figures that are the same for every request: the KPI cards and the filter choices.
/// Counting them means scanning every live ticket (1.5 s at a million), so they are computed at most
/// once per <see cref="Duration"/> and shared, instead of on every page view; the rows themselves are
/// always read fresh.
/// </summary>
internal static class ListPageCache
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private static readonly HybridCacheEntryOptions Options = new() { Expiration = Duration, LocalCacheExpiration = Duration };

    public static ValueTask<TicketKpis> KpisAsync(HybridCache cache, IServiceScopeFactory scopes, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync("tickets:list:kpis", scopes, static (s, ct) => SendAsync(s, new GetTicketKpisQuery(), ct), Options, cancellationToken: cancellationToken);

    public static ValueTask<TicketLookups> LookupsAsync(HybridCache cache, IServiceScopeFactory scopes, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync("tickets:list:lookups", scopes, static (s, ct) => SendAsync(s, new GetTicketLookupsQuery(), ct), Options, cancellationToken: cancellationToken);

    /// <summary>In a scope of its own: one load serves every request waiting for it and may outlive the one that started it.</summary>
    private static async ValueTask<T> SendAsync<T>(IServiceScopeFactory scopes, IQuery<T> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }
}
