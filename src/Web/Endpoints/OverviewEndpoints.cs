using Mediator;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Web.Pages;

namespace Ticketing.Web.Endpoints;

/// <summary>
/// <c>GET /overview/data</c>: the Overview's KPI and chart figures, polled by overview.js every two
/// minutes. Both are cached queries, shared by every user, so open dashboards do not re-count a large
/// cache on every poll; <c>?fresh=true</c> (sent after a live update) reads the database instead and
/// leaves what it read in the cache.
/// </summary>
public static class OverviewEndpoints
{
    public const string DataPath = "/overview/data";

    public sealed record DayJson(DateOnly Day, string Label, int Created, int Resolved);

    public sealed record ChartsJson(
        IReadOnlyList<ChartCount> ByStatus,
        IReadOnlyList<ChartCount> ByPriority,
        IReadOnlyList<ChartCount> ByCategory,
        IReadOnlyList<ChartCount> ByDepartment,
        IReadOnlyList<DayJson> CreatedVsResolved);

    public sealed record DataJson(TicketKpis Kpis, OverviewCards Cards, ChartsJson Charts);

    public static IEndpointRouteBuilder MapOverviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(DataPath, async (HttpContext http, ISender sender, bool? fresh, CancellationToken ct) =>
            {
                var reread = fresh == true;
                var kpis = await sender.Send(new GetTicketKpisQuery(reread), ct);
                var charts = await sender.Send(new GetTicketChartsQuery(reread), ct);
                http.Response.Headers.CacheControl = "no-store";
                return Results.Json(ToJson(kpis, charts));
            })
            .RequireAuthorization();
        return app;
    }

    private static DataJson ToJson(TicketKpis kpis, TicketCharts charts) =>
        new(kpis, OverviewFormat.Cards(kpis), new ChartsJson(
            charts.ByStatus,
            charts.ByPriority,
            charts.ByCategory,
            charts.ByDepartment,
            [.. charts.CreatedVsResolved.Select(d => new DayJson(d.Day, OverviewFormat.DayLabel(d.Day), d.Created, d.Resolved))]));
}
