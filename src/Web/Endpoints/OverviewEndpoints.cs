using System.ComponentModel;
using System.Globalization;
using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Web.Endpoints;

/// <summary>
/// <c>GET /overview/data</c>: the Overview's KPI and chart figures, polled by overview.js every two
/// minutes. The figures are cached for up to five minutes, shared by every user (they are the same
/// for all), so open dashboards do not re-count a large cache on every poll.
/// </summary>
public static class OverviewEndpoints
{
    public const string DataPath = "/overview/data";

    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

    /// <summary>The cache entry, for tests that need the next poll to read the database.</summary>
    public const string CacheKey = "overview:figures";

    private static readonly HybridCacheEntryOptions CacheOptions = new()
    {
        Expiration = CacheDuration,
        LocalCacheExpiration = CacheDuration,
    };

    /// <summary>The figures the Overview shows. Never changed once made, so the cache can hand out the same instance.</summary>
    [ImmutableObject(true)]
    public sealed record Figures(TicketKpis Kpis, TicketCharts Charts);

    /// <summary>The KPI cards' texts, formatted once here for the page and for the refresh.</summary>
    public sealed record CardsJson(string Open, string InProgress, string AvgResolution, string ResolvedNote, string Sla, string SlaNote, string Critical);

    public sealed record DayJson(DateOnly Day, string Label, int Created, int Resolved);

    public sealed record ChartsJson(
        IReadOnlyList<ChartCount> ByStatus,
        IReadOnlyList<ChartCount> ByPriority,
        IReadOnlyList<ChartCount> ByCategory,
        IReadOnlyList<ChartCount> ByDepartment,
        IReadOnlyList<DayJson> CreatedVsResolved);

    public sealed record DataJson(TicketKpis Kpis, CardsJson Cards, ChartsJson Charts);

    public static IEndpointRouteBuilder MapOverviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(DataPath, async (HttpContext http, HybridCache cache, IServiceScopeFactory scopes, bool? fresh, CancellationToken ct) =>
            {
                // "fresh" comes from a live update: tickets just changed, so the cached figures are stale.
                Figures figures;
                if (fresh == true)
                {
                    figures = await LoadInOwnScopeAsync(scopes, ct);
                    await RememberAsync(cache, figures, ct);
                }
                else
                {
                    figures = await cache.GetOrCreateAsync(CacheKey, scopes, LoadInOwnScopeAsync, CacheOptions, cancellationToken: ct);
                }

                http.Response.Headers.CacheControl = "no-store";
                return Results.Json(ToJson(figures));
            })
            .RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Stores figures a page has just read, so the refresh carries on from them and never goes back
    /// to older cached ones.
    /// </summary>
    public static ValueTask RememberAsync(HybridCache cache, Figures figures, CancellationToken cancellationToken) =>
        cache.SetAsync(CacheKey, figures, CacheOptions, cancellationToken: cancellationToken);

    public static DataJson ToJson(Figures figures) =>
        new(figures.Kpis, Cards(figures.Kpis), new ChartsJson(
            figures.Charts.ByStatus,
            figures.Charts.ByPriority,
            figures.Charts.ByCategory,
            figures.Charts.ByDepartment,
            [.. figures.Charts.CreatedVsResolved.Select(d => new DayJson(d.Day, DayLabel(d.Day), d.Created, d.Resolved))]));

    public static CardsJson Cards(TicketKpis k) =>
        new(
            Count(k.OpenTickets),
            $"{Count(k.InProgressTickets)} in progress",
            $"{(k.AvgResolutionHours ?? 0).ToString("0.0", CultureInfo.InvariantCulture)} h",
            $"over {Count(k.ResolvedTickets)} resolved tickets",
            $"{(k.SlaCompliancePercentage ?? 0).ToString("0.0", CultureInfo.InvariantCulture)}%",
            $"of {Count(k.ResolvedWithDueDate)} resolved tickets with a due date",
            Count(k.CriticalOpenTickets));

    /// <summary>"1,234": how the Overview writes a count.</summary>
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"24 Nov": a day of the created-vs-resolved chart.</summary>
    public static string DayLabel(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    private static async ValueTask<Figures> LoadInOwnScopeAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        // Concurrent polls share one load; it gets a scope of its own because it may outlive the
        // request that started it (that request can be cancelled while others still wait).
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var kpis = await sender.Send(new GetTicketKpisQuery(), cancellationToken);
        var charts = await sender.Send(new GetTicketChartsQuery(), cancellationToken);
        return new Figures(kpis, charts);
    }
}
