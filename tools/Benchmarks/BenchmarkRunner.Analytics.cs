using System.Diagnostics;
using Npgsql;
using Ticketing.Application.Analytics;
using Ticketing.Application.Analytics.Queries.GetAnalytics;
using Ticketing.Infrastructure.Analytics;

namespace Ticketing.Benchmarks;

public sealed partial class BenchmarkRunner
{
    private const int AnalyticsSamples = 10;

    /// <summary>The analytics views the runner measures: the whole year unfiltered, and one filter over a quarter.</summary>
    private static readonly AnalyticsView[] AnalyticsViews =
    [
        new("all", "365 days", "/Analytics?period=365", 365, AnalyticsFilter.None),
        new("network", "category Network, 90 days", "/Analytics?period=90&category=Network", 90, new AnalyticsFilter(["Network"], [], [], [])),
    ];

    // ---- 4a. The analytics page, uncached -----------------------------------------------------------

    /// <summary>
    /// "Analytics page uncached at 1,000,000 tickets" (target ≤ 300 ms) for each view: the whole page read from the
    /// rollups (fresh=true skips the cache), median of 10 after a warm-up; and beside it the page's reads alone — the
    /// app's own query handler over the app's reader, in this process, no HTTP, no rendering — so a miss says whether
    /// the database or the page is the cost.
    /// </summary>
    private async Task AnalyticsAsync(int size, SignedInClient session, string database, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        var reader = new AnalyticsReader(dataSource);
        var handler = new GetAnalyticsHandler(reader, reader, TimeProvider.System);
        foreach (var view in AnalyticsViews)
        {
            Log($"Analytics page over {size:N0} tickets, {view.Name}, uncached");
            var page = new List<double>();
            long bytes = 0;
            for (var i = 0; i <= AnalyticsSamples; i++)
            {
                var (ms, length) = await TimedGetWithLengthAsync(session.Http, view.Url + "&fresh=true", ct);
                bytes = length;
                if (i > 0)
                {
                    page.Add(ms);
                }
            }

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var period = AnalyticsPeriod.Last(view.Days, today);
            var query = new GetAnalyticsQuery(period.From, period.To, "UTC", view.Filter, Fresh: true);
            var reads = new List<double>();
            for (var i = 0; i <= AnalyticsSamples; i++)
            {
                var clock = Stopwatch.StartNew();
                _ = await handler.Handle(query, ct);
                if (i > 0)
                {
                    reads.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var label = $"analytics {size / 1000:N0}k";
            var p = LatencyStats.From(page).P50Ms;
            var r = LatencyStats.From(reads).P50Ms;
            // The unfiltered figure keeps its id and wording, so runs before and after compare.
            var id = view.Id == "all" ? "analytics.uncached" : $"analytics.uncached.{view.Id}";
            _report.Add(id, label, $"page uncached, {view.Name} (median of 10, HTTP)", p, $"{Ms(p)} ({bytes / 1024.0:N0} KB of HTML)", "≤ 300 ms", p <= 300);
            _report.Add($"analytics.reads.{view.Id}", label, $"its reads alone, {view.Name} (median of 10, no HTTP)", r, Ms(r));
        }

        var html = await session.Http.GetStringAsync("/Analytics?period=365", ct);
        _report.Check("analytics: the page shows its figures", html.Contains("data-testid=\"key-created\"", StringComparison.Ordinal), "key numbers on the page");
    }

    private static async Task<(double Ms, long Bytes)> TimedGetWithLengthAsync(HttpClient client, string url, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        response.EnsureSuccessStatusCode();
        return (clock.Elapsed.TotalMilliseconds, body.LongLength);
    }

    private sealed record AnalyticsView(string Id, string Name, string Url, int Days, AnalyticsFilter Filter);
}
