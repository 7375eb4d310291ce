namespace Ticketing.Benchmarks;

/// <summary>What one run measures and where it finds the built app and simulator.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>A smoke run, correctness only: <c>scripts/bench.sh --quick</c> (<see cref="QuickMode"/>) or the integration test (<see cref="SmokeMode"/>).</summary>
    public bool Quick { get; init; }

    /// <summary>Full syncs, one fresh database and app each; the last also runs the other scenarios.</summary>
    public IReadOnlyList<int> SyncSizes { get; init; } = [100_000, 1_000_000];

    /// <summary>The export runs on the sync of this size (every live row is exported).</summary>
    public int ExportSize { get; init; } = 100_000;

    public TimeSpan LoadDuration { get; init; } = TimeSpan.FromSeconds(10);

    public int Connections { get; init; } = 16;

    /// <summary>The build configuration whose outputs are launched (<c>bin/&lt;Configuration&gt;/net10.0</c>).</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>The repository root (where <c>Ticketing.sln</c> is).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>A PostgreSQL connection string without a database; each run creates and drops its own.</summary>
    public string PostgresServer { get; init; } = "Host=127.0.0.1;Port=5432;Username=ticketing;Password=ticketing";

    /// <summary>Keeps each size's databases (the app's and the limit's) for profiling instead of dropping them.</summary>
    public bool KeepDatabases { get; init; }

    /// <summary>
    /// Only the sync scenarios (full sync, its limit, reconciliation, incremental) at the largest size, for
    /// profiling the mirror's write path; writes no report.
    /// </summary>
    public bool SyncOnly { get; init; }

    /// <summary>
    /// Only what the list needs at the largest size (the full sync, the incremental sync that writes the rare search
    /// word, the list shapes), for measuring the list page before and after a change; writes no report.
    /// </summary>
    public bool ListOnly { get; init; }

    /// <summary>
    /// Only the app's start-up, one sign-in and the full sync at each size, with the app's memory logged: for
    /// measuring a runtime setting's effect on the peak (docs/decisions/098); writes no report.
    /// </summary>
    public bool MemoryOnly { get; init; }

    /// <summary>
    /// More environment variables for the app's process alone (not the runner's or the simulator's), e.g.
    /// <c>DOTNET_GCHeapHardLimit</c>: a runtime setting measured without rebuilding.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The list shapes measured (their ids, e.g. <c>default</c>, <c>search-rare</c>); null measures all.</summary>
    public IReadOnlySet<string>? ListShapes { get; init; }

    /// <summary>
    /// With <see cref="ListOnly"/>: app settings compared over the same mirror in the same window. Each round starts
    /// a fresh app per variant (the first, empty, is the baseline) and measures the list shapes with it, in turn.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ListVariants { get; init; } = [];

    /// <summary>How many times the variants are measured in turn.</summary>
    public int ListRounds { get; init; } = 1;

    /// <summary>Where the full run writes its report; null writes nothing.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The command line shown in the report as the way to reproduce it.</summary>
    public string Command { get; init; } = "scripts/bench.sh";

    public static BenchmarkOptions QuickMode(string repositoryRoot, string configuration) => new()
    {
        Quick = true,
        SyncSizes = [10_000],
        ExportSize = 10_000,
        LoadDuration = TimeSpan.FromSeconds(2),
        Configuration = configuration,
        RepositoryRoot = repositoryRoot,
        Command = "scripts/bench.sh --quick",
    };

    /// <summary>The smoke run's tickets: page 200 of the list (25 a page) and a margin past it.</summary>
    public const int SmokeSize = 6_000;

    /// <summary>
    /// The integration test's run of the quick mode: every scenario and every check, at the smallest size that still
    /// has a page 200 (200 pages of 25 at 5,000 live tickets), half a second per load shape from four connections.
    /// The test asserts correctness only, and sixteen connections for two seconds per shape saturated both cores of
    /// the machine every other test shares (decision 164).
    /// </summary>
    public static BenchmarkOptions SmokeMode(string repositoryRoot, string configuration) => QuickMode(repositoryRoot, configuration) with
    {
        SyncSizes = [SmokeSize],
        ExportSize = SmokeSize,
        LoadDuration = TimeSpan.FromMilliseconds(500),
        Connections = 4,
    };

    /// <summary>Walks up from <paramref name="start"/> to the folder holding <c>Ticketing.sln</c>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ticketing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Ticketing.sln above {start}.");
    }
}
