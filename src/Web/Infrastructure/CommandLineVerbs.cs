using System.Globalization;
using Mediator;
using Ticketing.Application.Admin.Queries.VerifyAuditChain;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Sla.Commands.RunBreachBacktest;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Integration;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// Operations verbs, e.g. <c>dotnet run --project src/Web -- migrate</c> or <c>-- sync --full</c>.
/// A verb runs against the configured database and exits; no verb starts the web app.
/// <c>audit verify</c> exits 0 when the audit log's hash chain is intact and 4 when it is broken.
/// <c>sla backtest --days N</c> replays the last N days (default 90) with the breach estimate and prints its figures.
/// </summary>
public static class CommandLineVerbs
{
    public static readonly IReadOnlyList<string> Known = ["migrate", "sync", "audit verify", "sla backtest --days N"];

    /// <summary>The exit code of <c>audit verify</c> when the chain is broken.</summary>
    public const int AuditChainBroken = 4;

    /// <summary>Flags and sub-commands that belong to a verb rather than to configuration.</summary>
    private static readonly HashSet<string> VerbFlags = new(StringComparer.Ordinal) { "--full", "verify", "backtest", "--days" };

    /// <summary>Splits the leading verb and its flags from the arguments meant for configuration.</summary>
    public static (string? Verb, string[] Flags, string[] Arguments) Split(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].Contains('='))
        {
            return (null, [], args);
        }

        var rest = args[1..];
        var flags = new List<string>();
        var arguments = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            if (!VerbFlags.Contains(rest[i]))
            {
                arguments.Add(rest[i]);
                continue;
            }

            flags.Add(rest[i]);

            // A flag with a value ("--days 90") keeps its value with it, out of the configuration.
            if (rest[i] == "--days" && i + 1 < rest.Length)
            {
                flags.Add(rest[++i]);
            }
        }

        return (args[0], [.. flags], [.. arguments]);
    }

    public static async Task<int> RunAsync(string verb, string[] flags, WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ticketing.Verbs");
        try
        {
            // A verb is run by an operator on the server, not by a signed-in user: it acts as the system.
            await using var scope = app.Services.CreateSystemScope();
            switch (verb)
            {
                case "migrate":
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    await Console.Out.WriteLineAsync("migrate: the database schema is up to date.");
                    return 0;

                case "sync":
                    // A fresh deployment's settings come from configuration, as at start-up.
                    await scope.ServiceProvider.GetRequiredService<IntegrationConfigSeeder>().SeedAsync(CancellationToken.None);
                    return await SyncAsync(scope.ServiceProvider.GetRequiredService<ISender>(), flags.Contains("--full"));

                case "audit" when flags.Contains("verify"):
                    return await VerifyAuditAsync(scope.ServiceProvider.GetRequiredService<ISender>());

                case "sla" when flags.Contains("backtest"):
                    return await BacktestAsync(scope.ServiceProvider.GetRequiredService<ISender>(), flags);

                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{verb}'. Known commands: {string.Join(", ", Known)}.");
                    return 2;
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Command {Verb} failed", verb);
            await Console.Error.WriteLineAsync($"{verb}: failed: {ex.GetBaseException().Message}");
            return 1;
        }
    }

    private static async Task<int> VerifyAuditAsync(ISender sender)
    {
        var report = await sender.Send(new VerifyAuditChainQuery());
        var range = report.FirstSequence is { } first ? $" (sequence {first:N0}–{report.HeadSequence:N0})" : "";
        if (report.FirstBreak is { } broken)
        {
            var at = broken.OccurredAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown time";
            await Console.Error.WriteLineAsync(
                $"audit verify: BROKEN — first broken link at entry {broken.Sequence:N0} (id {broken.Id}, {at}): {broken.Problem}. " +
                $"{report.EntriesChecked:N0} entries read{range}.");
            return AuditChainBroken;
        }

        await Console.Out.WriteLineAsync(report.HeadSequence is null
            ? "audit verify: intact — the audit log is empty."
            : $"audit verify: intact — {report.EntriesChecked:N0} entries{range}; head entry {report.HeadSequence:N0}, hash {report.HeadHash}.");
        return 0;
    }

    private static async Task<int> BacktestAsync(ISender sender, string[] flags)
    {
        var at = Array.IndexOf(flags, "--days");
        var days = 90;
        if (at >= 0 && (at + 1 >= flags.Length || !int.TryParse(flags[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out days)))
        {
            await Console.Error.WriteLineAsync("sla backtest: --days needs a whole number of days.");
            return 2;
        }

        var stored = await sender.Send(new RunBreachBacktestCommand(days));
        foreach (var line in BacktestText.Lines(stored))
        {
            await Console.Out.WriteLineAsync(line);
        }

        return 0;
    }

    private static async Task<int> SyncAsync(ISender sender, bool full)
    {
        var outcome = await sender.Send(new RunSyncCommand(SyncType.Manual, full));
        if (outcome.Result is not { } result)
        {
            await Console.Error.WriteLineAsync($"sync: {outcome.AlreadyRunning?.Message ?? "a sync is already running."} Nothing was started.");
            return 3;
        }

        var run = result.Run;
        await Console.Out.WriteLineAsync(
            $"sync ({(full ? "full" : "incremental")}): {run.Status.ToString().ToLowerInvariant()} — {run.RecordsProcessed:N0} processed " +
            $"({result.Inserted:N0} new, {result.Updated:N0} changed, {result.Unchanged:N0} unchanged), {run.RecordsFailed:N0} failed, " +
            $"{result.Deleted:N0} marked deleted, {result.Pages:N0} pages, {result.Retries:N0} retries.");
        if (run.Status == SyncStatus.Failed)
        {
            await Console.Error.WriteLineAsync($"sync: failed: {run.ErrorMessage}");
            return 1;
        }

        return 0;
    }
}
