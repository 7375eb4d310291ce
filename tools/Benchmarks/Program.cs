using System.Globalization;
using Ticketing.Benchmarks;

// scripts/bench.sh [--quick] [--sizes N,M] [--keep-databases] [--sync-only]: runs the benchmark against Release builds and,
// unless --quick, writes docs/benchmarks.md. --keep-databases leaves each size's databases for EXPLAIN ANALYZE.
// --sync-only: the sync scenarios alone, no report written. --list-only: the full sync, the incremental sync and the list
// shapes (first and repeat views), no report written. --memory-only: start-up, sign-in and the full sync with the app's
// memory logged, no report. --app-env KEY=VALUE (repeatable): an environment variable for the app's process alone.
// --list-shapes default,search-rare: only these list shapes. --list-variant, --list-rounds: see below.
// --triage [N]: the triage assistant's training and inference at N generated tickets (default 100,000).
// --sla [N]: recomputing the SLA of N generated tickets after a policy change (default 1,000,000).
var quick = args.Contains("--quick");
var root = BenchmarkOptions.FindRepositoryRoot(AppContext.BaseDirectory);
var configuration = ValueOf("--configuration") ?? "Release";
var options = quick
    ? BenchmarkOptions.QuickMode(root, configuration)
    : new BenchmarkOptions
    {
        RepositoryRoot = root,
        Configuration = configuration,
        ReportPath = Path.Combine(root, "docs", "benchmarks.md"),
    };

if (ValueOf("--sizes") is { } sizes)
{
    options = options with { SyncSizes = [.. sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))], Command = $"scripts/bench.sh --sizes {sizes}" };
}

if (ValueOf("--export-size") is { } exportSize)
{
    options = options with { ExportSize = int.Parse(exportSize, CultureInfo.InvariantCulture) };
}

if (args.Contains("--keep-databases"))
{
    options = options with { KeepDatabases = true };
}

if (args.Contains("--list-only"))
{
    options = options with { ListOnly = true, ReportPath = null };
}

if (ValueOf("--list-shapes") is { } shapes)
{
    options = options with { ListShapes = shapes.Split(',').ToHashSet(StringComparer.Ordinal) };
}

// --list-variant "KEY=VALUE,KEY2=VALUE2" (repeatable, with --list-only): app settings measured against a baseline
// app in turn, --list-rounds N times.
var variants = args.Select((arg, i) => (arg, i))
    .Where(a => a.arg == "--list-variant" && a.i + 1 < args.Length)
    .Select(a => (IReadOnlyDictionary<string, string>)args[a.i + 1].Split(',').Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2)
        .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal))
    .ToList();
if (variants.Count > 0)
{
    var rounds = ValueOf("--list-rounds") is { } r && int.TryParse(r, CultureInfo.InvariantCulture, out var count) ? Math.Max(1, count) : 1;
    options = options with { ListVariants = [new Dictionary<string, string>(), .. variants], ListRounds = rounds };
}

if (args.Contains("--sync-only"))
{
    options = options with { SyncOnly = true, ReportPath = null };
}

if (args.Contains("--memory-only"))
{
    options = options with { MemoryOnly = true, ReportPath = null };
}

var appEnvironment = args.Select((arg, i) => (arg, i))
    .Where(a => a.arg == "--app-env" && a.i + 1 < args.Length)
    .Select(a => args[a.i + 1].Split('=', 2))
    .Where(pair => pair.Length == 2)
    .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
if (appEnvironment.Count > 0)
{
    options = options with { AppEnvironment = appEnvironment };
}

if (Environment.GetEnvironmentVariable("TICKETING_TEST_PG") is { Length: > 0 } server)
{
    options = options with { PostgresServer = server };
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args.Contains("--triage"))
{
    var triageSize = ValueOf("--triage") is { } t && int.TryParse(t, CultureInfo.InvariantCulture, out var n) ? n : 100_000;
    return await TriageBenchmark.RunAsync(root, options.PostgresServer, triageSize, Console.Out, cancel.Token);
}

if (args.Contains("--sla"))
{
    var slaSize = ValueOf("--sla") is { } v && int.TryParse(v, CultureInfo.InvariantCulture, out var s) ? s : 1_000_000;
    var runs = await SlaBenchmark.RunAsync(root, options.PostgresServer, slaSize, Console.Out, cancel.Token, options.KeepDatabases);
    return runs[^1].TicketsPerSecond >= SlaBenchmark.TargetTicketsPerSecond ? 0 : 1;
}

var report = await BenchmarkRunner.RunAsync(options, Console.Out, cancel.Token);
Console.WriteLine();
Console.WriteLine(report.ConsoleTable());
if (options.ReportPath is { } path)
{
    await File.WriteAllTextAsync(path, report.Markdown(options, MissExplanations.All), cancel.Token);
    Console.WriteLine($"written: {Path.GetRelativePath(root, path)}");
}

Console.WriteLine(report.AllChecksPassed ? "bench: every correctness check passed" : "bench: a correctness check FAILED");
return report.AllChecksPassed ? 0 : 1;

string? ValueOf(string flag)
{
    var index = Array.IndexOf(args, flag);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
