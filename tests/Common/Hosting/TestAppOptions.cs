using Microsoft.Extensions.DependencyInjection;
using Ticketing.Simulator;

namespace Ticketing.Tests.Common;

/// <summary>How a <see cref="TestApp"/> runs.</summary>
public enum AppHosting
{
    /// <summary>Started in this process on a free loopback port: pages, endpoints and background services run.</summary>
    Served,

    /// <summary>Built (the same composition) but not started: no server, no background service; for use cases and repositories.</summary>
    Composed,

    /// <summary>The built <c>Ticketing.Web.dll</c> as a process of its own, configured by environment variables, for tests that kill it.</summary>
    Process,
}

/// <summary>What a test needs of its <see cref="TestApp"/>. Every option has the default most tests want.</summary>
public sealed record TestAppOptions
{
    /// <summary>A small remote: 40 generated tickets, always the same ones.</summary>
    public static SimulatorSettings DefaultSimulator { get; } = new() { TicketCount = 40, Seed = 11 };

    /// <summary>
    /// The use cases without a server: the app only composed, a simulator of <paramref name="tickets"/>
    /// tickets generated from <paramref name="seed"/>, and no user seeded (a test adds its own).
    /// </summary>
    public static TestAppOptions Composed(int tickets, int seed = 7) => new()
    {
        Purpose = "composed",
        Hosting = AppHosting.Composed,
        SeedUsers = false,
        Simulator = new SimulatorSettings { TicketCount = tickets, Seed = seed },
    };

    /// <summary>A few words for the database's name, to tell a leftover's origin.</summary>
    public string Purpose { get; init; } = "app";

    public AppHosting Hosting { get; init; } = AppHosting.Served;

    /// <summary>
    /// The in-process simulator the app calls as its Championship IT (its API key is made unique unless
    /// set); null for none, and the app then points at a closed port.
    /// </summary>
    public SimulatorSettings? Simulator { get; init; } = DefaultSimulator;

    /// <summary>
    /// The app's start-up tasks: migrations (none are pending on a copy of the template), the integration
    /// settings, roles and users seeded from the configuration, abandoned syncs, the recurring jobs. Off, the
    /// database is left as it is (a test of a seeder, for example).
    /// </summary>
    public bool RunStartupTasks { get; init; } = true;

    /// <summary>Seed <see cref="TestUser.Admin"/>, the demo staff (<see cref="TestUser.Staff"/>) and the demo projects.</summary>
    public bool SeedUsers { get; init; } = true;

    /// <summary>Run a Hangfire server in the app (polling its queue every second).</summary>
    public bool JobServer { get; init; }

    /// <summary>
    /// Start a real local mail server (<see cref="Common.MailServer"/>, smtp4dev) and point the app's mail
    /// settings at it; the channel worker then runs every 200 ms and retries without waiting.
    /// </summary>
    public bool MailServer { get; init; }

    /// <summary>Keep every log line, from Debug up, in <see cref="TestApp.Logs"/> (in process only; a process's output is always kept).</summary>
    public bool CaptureLogs { get; init; }

    /// <summary>Start on a database without any table, as a first install does.</summary>
    public bool EmptyDatabase { get; init; }

    /// <summary>The ASP.NET Core environment (its <c>appsettings.{Environment}.json</c> applies).</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Configuration keys (<c>Ticketing:Sync:PageSize</c>) over the host's defaults; a null value removes a default.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Last-word service changes (a fake clock, a fake remote …), after the app's own registrations; in process only.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
