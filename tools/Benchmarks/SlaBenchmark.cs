using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Application.Analytics;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;
using DomainTicket = Ticketing.Domain.Tickets.Ticket;
using SimTicket = Ticketing.Simulator.Tickets.Ticket;

namespace Ticketing.Benchmarks;

/// <summary>
/// What one SLA recompute run measured: how many tickets, how fast, the process's memory, and where the time went as
/// the run row summed it over its batches (read, evaluate, write with its triggers; summed over the workers, so
/// together more than <see cref="Seconds"/> when they overlap).
/// </summary>
public sealed record SlaRunFigures(
    string Name, long Tickets, double Seconds, double WorkingSetStartMb, double WorkingSetPeakMb, double WorkingSetEndMb,
    int Workers, double ReadSeconds, double EvaluateSeconds, double WriteSeconds)
{
    public double TicketsPerSecond => Seconds > 0 ? Tickets / Seconds : double.NaN;
}

/// <summary>
/// "Recompute SLA for N tickets after a policy change" (<c>scripts/bench.sh --sla 1000000</c>): the simulator's
/// generated tickets stored in a fresh database through the app's repository, a default policy saved (the
/// first full run), then its targets changed (the measured run), each drained by sending
/// <see cref="RecomputeSlaCommand"/> as the background loop does, in this process; the working set is sampled
/// after every command, so a recompute that held its batches would show as growth. Prints a Markdown report
/// and writes it to <c>artifacts/bench/sla-{size}.md</c>.
/// </summary>
public static class SlaBenchmark
{
    public const double TargetTicketsPerSecond = 20_000;

    public static async Task<IReadOnlyList<SlaRunFigures>> RunAsync(
        string repositoryRoot, string postgresServer, int size, TextWriter output, CancellationToken ct, bool keepDatabase = false)
    {
        await using var scratch = await ScratchApp.StartAsync(
            postgresServer, $"ticketing_bench_sla_{Environment.ProcessId}_{size}", ["--Ticketing:Sla:RunRecompute=false"], ct);
        scratch.KeepDatabase = keepDatabase;
        var app = scratch.App;
        var database = scratch.ConnectionString;

        output.WriteLine($"sla: generating and storing {size:N0} tickets");
        var now = DateTime.UtcNow;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<ITicketRepository>();
            foreach (var page in new TicketSeeder(new TicketContent()).Generate(size, 42, now).Sorted.Select(ToDomain).Chunk(2_000))
            {
                await repository.UpsertManyAsync(page, ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: true, ct);
            }
        }

        // The marks the load left are not part of a policy change.
        await scratch.ExecuteAsync("TRUNCATE sla_dirty", ct);

        var policy = new SlaPolicy
        {
            Id = Guid.NewGuid(),
            Name = "Benchmark",
            IsDefault = true,
            FirstResponseMinutes = 4 * 60,
            ResolutionMinutes = 24 * 60,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        var runs = new List<SlaRunFigures>
        {
            await MeasureAsync(app.Services, database, "first policy saved", size, s => s.GetRequiredService<ISlaRepository>().SavePolicyAsync(policy, true, ct), output, ct),
        };
        runs.Add(await MeasureAsync(app.Services, database, "policy changed", size, async s =>
        {
            var repository = s.GetRequiredService<ISlaRepository>();
            var saved = await repository.FindPolicyAsync(policy.Id, ct) ?? throw new InvalidOperationException("The benchmark's policy is gone.");
            saved.ResolutionMinutes = 8 * 60;
            saved.UpdatedAt = DateTimeOffset.UtcNow;
            await repository.SavePolicyAsync(saved, false, ct);
        }, output, ct));

        var plans = await PlansAsync(database, ct);
        var report = Report(size, runs, await ScalarAsync(database, "SELECT count(*) FROM ticket_sla", ct), plans)
            + await KpiComplianceAsync(app.Services, database, ct);
        output.WriteLine(report);
        var folder = Path.Combine(repositoryRoot, "artifacts", "bench");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"sla-{size}.md"), report, ct);
        return runs;
    }

    private static async Task<SlaRunFigures> MeasureAsync(
        IServiceProvider services, string connectionString, string name, int size, Func<IServiceProvider, Task> change, TextWriter output, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await change(scope.ServiceProvider);
        }

        output.WriteLine($"sla: recomputing ({name})");
        var workers = services.GetRequiredService<IOptions<SlaOptions>>().Value.RecomputeWorkers;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.WorkingSet64;
        var peak = start;
        long processed = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int count;
            await using (var scope = services.CreateSystemScope())
            {
                count = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RecomputeSlaCommand(MaxBatches: 10), ct);
            }

            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            processed += count;
            if (count == 0)
            {
                break;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var (read, evaluate, write) = await SplitAsync(connectionString, ct);

        // The run's last batch reports the finished run as one unit of work; the tickets are the size.
        return new SlaRunFigures(name, Math.Min(processed, size), seconds, start / 1_048_576.0, peak / 1_048_576.0, process.WorkingSet64 / 1_048_576.0,
            workers, read, evaluate, write);
    }

    /// <summary>The last run's time per step, summed over its batches by the recompute itself.</summary>
    private static async Task<(double Read, double Evaluate, double Write)> SplitAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT read_ms, evaluate_ms, write_ms FROM sla_recompute_runs ORDER BY id DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetInt64(0) / 1000.0, reader.GetInt64(1) / 1000.0, reader.GetInt64(2) / 1000.0)
            : (0, 0, 0);
    }

    /// <summary>
    /// The plans of the list's "overdue" and "at risk" counts (the KPI statements) over this size, to show which
    /// indexes they use (decision 160).
    /// </summary>
    private static async Task<List<(string Name, string Plan)>> PlansAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var analyze = new NpgsqlCommand("ANALYZE tickets_cache; ANALYZE ticket_sla", connection))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        var plans = new List<(string, string)>();
        foreach (var (name, condition) in new[] { ("overdue", Infrastructure.Tickets.TicketListSql.OverdueCondition), ("at risk", Infrastructure.Tickets.TicketListSql.AtRiskCondition) })
        {
            await using var command = new NpgsqlCommand(
                $"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT count(*) FROM tickets_cache t WHERE t.deleted_at IS NULL AND {condition}", connection);
            command.Parameters.Add(Infrastructure.Tickets.TicketStatusParameters.Active("active_statuses"));
            command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            command.Parameters.AddWithValue("risk_until", DateTimeOffset.UtcNow.AddHours(4));
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                lines.Add(reader.GetString(0));
            }

            plans.Add((name, string.Join('\n', lines)));
        }

        return plans;
    }

    /// <summary>
    /// The KPI strip's SLA compliance by policy (decision 145) over the recomputed tickets: the uncached KPI query
    /// (median of 10 after one warm-up), and whether its figure equals a direct count over <c>ticket_sla</c>.
    /// </summary>
    private static async Task<string> KpiComplianceAsync(IServiceProvider services, string database, CancellationToken ct)
    {
        var timings = new List<double>();
        SlaResolutionTotals figure = default;
        for (var i = 0; i < 11; i++)
        {
            await using var scope = services.CreateSystemScope();
            var clock = Stopwatch.StartNew();
            figure = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetTicketKpisQuery(Fresh: true), ct)).PolicySla;
            if (i > 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        timings.Sort();
        var met = await ScalarAsync(database, ResolvedWith("met"), ct);
        var breached = await ScalarAsync(database, ResolvedWith("breached"), ct);
        var equal = figure == new SlaResolutionTotals(met, breached);
        return string.Create(CultureInfo.InvariantCulture, $"""

            KPI "SLA compliance by SLA policy", uncached (GetTicketKpisQuery, fresh, median of 10): {timings[timings.Count / 2]:0.0} ms; figure {figure.Percent:0.0}% of {figure.Measured:N0} ({figure.Met:N0} met, {figure.Breached:N0} breached), {(equal ? "equal to" : "DIFFERENT FROM")} a direct count over ticket_sla ({met:N0} met, {breached:N0} breached).

            """);

        static string ResolvedWith(string state) => $"""
            SELECT count(*) FROM ticket_sla s JOIN tickets_cache t ON t.id = s.ticket_id
            WHERE t.deleted_at IS NULL AND t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL AND s.resolution_state = '{state}'
            """;
    }

    private static string Report(int size, List<SlaRunFigures> runs, long rows, List<(string Name, string Plan)> plans)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"SLA recompute at {size:N0} generated tickets, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        text.AppendLine();
        text.AppendLine(culture, $"Target: ≥ {TargetTicketsPerSecond:N0} tickets/s with a flat working set. Rows in ticket_sla afterwards: {rows:N0}.");
        text.AppendLine();
        text.AppendLine("| run | workers | tickets | seconds | tickets/s | read / evaluate / write (s, summed over workers) | working set start / peak / end (MiB) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var run in runs)
        {
            text.AppendLine(culture,
                $"| {run.Name} | {run.Workers} | {run.Tickets:N0} | {run.Seconds:0.0} | {run.TicketsPerSecond:N0} | {run.ReadSeconds:0.0} / {run.EvaluateSeconds:0.0} / {run.WriteSeconds:0.0} | {run.WorkingSetStartMb:N0} / {run.WorkingSetPeakMb:N0} / {run.WorkingSetEndMb:N0} |");
        }

        foreach (var (name, plan) in plans)
        {
            text.AppendLine();
            text.AppendLine(culture, $"Plan of the \"{name}\" count (the list's filter and the KPI):");
            text.AppendLine();
            text.AppendLine("```");
            text.AppendLine(plan);
            text.AppendLine("```");
        }

        return text.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static DomainTicket ToDomain(SimTicket t) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = t.Id,
        TicketNumber = t.TicketNumber,
        Title = t.Title,
        Description = t.Description,
        Status = WireName<Domain.Tickets.TicketStatus>.Parse(t.Status.ToWire()),
        Priority = WireName<Domain.Tickets.TicketPriority>.Parse(t.Priority.ToWire()),
        Category = t.Category,
        Department = t.Department,
        RequesterId = t.RequesterId,
        RequesterName = t.RequesterName,
        RequesterEmail = t.RequesterEmail,
        AssigneeId = t.AssigneeId,
        AssigneeName = t.AssigneeName,
        CreatedAt = new DateTimeOffset(t.CreatedAt, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(t.UpdatedAt, TimeSpan.Zero),
        ResolvedAt = t.ResolvedAt is { } resolved ? new DateTimeOffset(resolved, TimeSpan.Zero) : null,
        DueDate = t.DueDate is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null,
        Tags = [.. t.Tags],
        CustomFieldsJson = t.CustomFieldsJson,
        LastSyncedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

}
