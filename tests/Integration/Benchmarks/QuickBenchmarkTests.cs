using Ticketing.Benchmarks;
using Ticketing.IntegrationTests.Hosting;

namespace Ticketing.IntegrationTests.Benchmarks;

/// <summary>
/// The benchmark's quick mode at its smoke size (<see cref="BenchmarkOptions.SmokeMode"/>: 6,000 tickets, half a
/// second per load shape, four connections) as a smoke test: the runner still works end to end, every scenario
/// is measured and nothing was lost. It launches the app and the simulator this build produced
/// (Debug under scripts/test.sh), and asserts correctness only — never a timing.
/// </summary>
[StartsFirst]
public sealed class QuickBenchmarkTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Quick_run_passes_every_correctness_check_and_measures_every_scenario()
    {
        var options = BenchmarkOptions.SmokeMode(BenchmarkOptions.FindRepositoryRoot(AppContext.BaseDirectory), Configuration);
        if (Environment.GetEnvironmentVariable(TestDatabase.ServerVariable) is { Length: > 0 } server)
        {
            options = options with { PostgresServer = server };
        }

        using var log = new StringWriter();
        var report = await BenchmarkRunner.RunAsync(options, log, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(log + Environment.NewLine + report.ConsoleTable());

        var failed = report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}").ToList();
        Assert.True(failed.Count == 0, "failed checks:\n" + string.Join('\n', failed));
        Assert.True(report.AllChecksPassed);

        string[] scenarios = ["sync.full.", "sync.limit.", "sync.reconcile.", "sync.incremental", "export.time", "export.rss", "stats.uncached", "stats.cached", "analytics.uncached", "webhooks.rate", "webhooks.p99", "webhooks.lost"];
        string[] perShape = ["rps", "limit", "vs.limit", "p99", "sql"];
        var shapes = ListShape.All.Select(s => s.Id).Append("search-rare");
        foreach (var scenario in scenarios
            .Concat(shapes.SelectMany(id => perShape.Select(figure => $"list.{id}.{figure}")))
            .Concat(["search.search.p50", "search.search-rare.p50", "search.search-rare.sql", "search.search-rare.ratio"]))
        {
            Assert.Contains(report.Figures, f => f.Id.StartsWith(scenario, StringComparison.Ordinal) && !double.IsNaN(f.Value));
        }

        Assert.Equal(0, report.Figures.Single(f => f.Id == "webhooks.lost").Value);
        Assert.Contains(report.Notes, n => n.StartsWith("Index use on tickets_cache", StringComparison.Ordinal) && n.Contains("scans", StringComparison.Ordinal));
        var markdown = report.Markdown(options, MissExplanations.All);
        Assert.Contains("## Projection to 10,000,000 tickets", markdown, StringComparison.Ordinal);
        Assert.Contains("bytes per ticket", markdown, StringComparison.Ordinal);

        // Reconciling an unchanged mirror rewrites no row, so the table and its indexes keep their size.
        Assert.InRange(report.Figures.Single(f => f.Id.StartsWith("sync.reconcile.", StringComparison.Ordinal) && f.Id.EndsWith(".size", StringComparison.Ordinal)).Value, 0.9, 1.02);
    }

    [Fact]
    public async Task Quick_triage_run_trains_and_times_single_and_batched_suggestions()
    {
        var server = Environment.GetEnvironmentVariable(TestDatabase.ServerVariable) is { Length: > 0 } configured
            ? configured
            : BenchmarkOptions.QuickMode(BenchmarkOptions.FindRepositoryRoot(AppContext.BaseDirectory), Configuration).PostgresServer;

        using var log = new StringWriter();
        // Enough resolved tickets for the category model to beat its baselines and be activated; the training's
        // cost grows with the tickets, and what is asserted is that the run works, not how fast (decision 164).
        var result = await TriageBenchmark.MeasureAsync(server, 1_500, 100, log, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(log + Environment.NewLine + result.Report);

        Assert.Contains(result.Training.Outcomes, o => o.Target == Ticketing.Domain.Triage.TriageTarget.Category && o.Model is { IsActive: true });
        Assert.Equal(100, result.OneByOne.Count);
        Assert.Equal(100, result.BatchedPerTicket.Count);
        Assert.All(result.OneByOne.Concat(result.BatchedPerTicket), ms => Assert.True(ms > 0 && double.IsFinite(ms)));
        Assert.Contains("one suggestion (three targets", result.Report, StringComparison.Ordinal);
        Assert.Contains("batched as a list page", result.Report, StringComparison.Ordinal);
        Assert.Contains("load average", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sla_recompute_scenario_recomputes_every_ticket_after_a_policy_change_and_reports_its_rate()
    {
        var root = BenchmarkOptions.FindRepositoryRoot(AppContext.BaseDirectory);
        var server = Environment.GetEnvironmentVariable(TestDatabase.ServerVariable) is { Length: > 0 } s ? s : new BenchmarkOptions { RepositoryRoot = root }.PostgresServer;
        using var log = new StringWriter();

        var runs = await SlaBenchmark.RunAsync(root, server, 3_000, log, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(3_000, r.Tickets));
        Assert.All(runs, r => Assert.True(r.TicketsPerSecond > 0 && r.WorkingSetPeakMb >= r.WorkingSetStartMb));
        Assert.All(runs, r => Assert.True(r.Workers >= 1 && r.WriteSeconds > 0 && r.ReadSeconds >= 0));
        Assert.Contains($"| policy changed | {runs[^1].Workers} | 3,000 |", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("equal to a direct count over ticket_sla", log.ToString(), StringComparison.Ordinal);
    }
}
