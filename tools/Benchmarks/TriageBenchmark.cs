using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.TrainTriageModels;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;
using DomainTicket = Ticketing.Domain.Tickets.Ticket;
using SimTicket = Ticketing.Simulator.Tickets.Ticket;

namespace Ticketing.Benchmarks;

/// <summary>
/// The triage assistant at a given size (<c>scripts/bench.sh --triage 100000</c>): the simulator's generated
/// tickets stored in a fresh database through the app's own repository, one training run sent as the
/// nightly job sends it (streamed from PostgreSQL, evaluated on the newest 20 %), then the time of one
/// suggestion (all three targets) for each of 2,000 tickets through the app's predictor, and the same tickets
/// in batches of a list page (25, category only, as the "Uncategorized" preset asks), timed per ticket. Prints a
/// Markdown report and writes it to <c>artifacts/bench/triage-{size}.md</c>.
/// </summary>
public static class TriageBenchmark
{
    public const int InferenceSamples = 2_000;
    public const double InferenceTargetMs = 5;

    /// <summary>The list's page size, the batch the "Uncategorized" preset predicts at once.</summary>
    public const int BatchSize = 25;

    public static async Task<int> RunAsync(string repositoryRoot, string postgresServer, int size, TextWriter output, CancellationToken ct)
    {
        var result = await MeasureAsync(postgresServer, size, InferenceSamples, output, ct);
        output.WriteLine(result.Report);
        var folder = Path.Combine(repositoryRoot, "artifacts", "bench");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"triage-{size}.md"), result.Report, ct);
        return result.Training.Outcomes.Any(o => o.Model is { IsActive: true }) ? 0 : 1;
    }

    /// <summary>One run: training, then <paramref name="samples"/> single suggestions and the same tickets in batches.</summary>
    public static async Task<TriageBenchmarkResult> MeasureAsync(string postgresServer, int size, int samples, TextWriter output, CancellationToken ct)
    {
        await using var scratch = await ScratchApp.StartAsync(postgresServer, $"ticketing_bench_triage_{Environment.ProcessId}_{size}", [], ct);
        var app = scratch.App;

        output.WriteLine($"triage: generating and storing {size:N0} tickets");
        var now = DateTime.UtcNow;
        var generated = new TicketSeeder(new TicketContent()).Generate(size, 42, now).Sorted;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<ITicketRepository>();
            foreach (var page in generated.Select(ToDomain).Chunk(2_000))
            {
                await repository.UpsertManyAsync(page, ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: true, ct);
            }
        }

        output.WriteLine("triage: training (streamed from PostgreSQL)");
        var memoryBefore = Process.GetCurrentProcess().PeakWorkingSet64;
        var clock = Stopwatch.StartNew();
        TriageTrainingResult result;
        await using (var scope = app.Services.CreateSystemScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new TrainTriageModelsCommand(), ct);
        }

        var trainingSeconds = clock.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576.0;

        output.WriteLine($"triage: timing {samples:N0} suggestions, one by one and in batches of {BatchSize}");
        var predictor = app.Services.GetRequiredService<ITriagePredictor>();
        var inputs = generated.Where(t => t.Status is Simulator.Tickets.TicketStatus.Open or Simulator.Tickets.TicketStatus.InProgress)
            .Take(samples)
            .Select(t => new TriageInput(t.Title, t.Description, t.Department))
            .ToList();
        foreach (var input in inputs.Take(50))
        {
            await predictor.SuggestAsync(input, 3, ct);
        }

        var timings = new List<double>(inputs.Count);
        foreach (var input in inputs)
        {
            var one = Stopwatch.StartNew();
            await predictor.SuggestAsync(input, 3, ct);
            timings.Add(one.Elapsed.TotalMilliseconds);
        }

        // Per ticket in a batch: the batch's time shared by its tickets, once per ticket, so percentiles weigh tickets alike.
        var batched = new List<double>(inputs.Count);
        foreach (var batch in inputs.Chunk(BatchSize))
        {
            var one = Stopwatch.StartNew();
            await predictor.SuggestManyAsync(batch, 1, [TriageTarget.Category], ct);
            batched.AddRange(Enumerable.Repeat(one.Elapsed.TotalMilliseconds / batch.Length, batch.Length));
        }

        timings.Sort();
        batched.Sort();
        var report = Report(size, result, trainingSeconds, peakMb, memoryBefore / 1_048_576.0, timings, batched);
        return new TriageBenchmarkResult(result, report, timings, batched);
    }

    private static string Report(
        int size, TriageTrainingResult result, double trainingSeconds, double peakMb, double peakBeforeMb, List<double> timings, List<double> batched)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var load = MachineLoad();
        text.AppendLine(culture, $"Triage run at {size:N0} generated tickets, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {load}");
        text.AppendLine();
        text.AppendLine(culture, $"- resolved and closed tickets read (streamed): {result.TicketsRead:N0}; training run: {trainingSeconds:0.0} s (three targets); peak working set {peakMb:N0} MiB (before training {peakBeforeMb:N0} MiB)");
        text.AppendLine(culture, $"- one suggestion (three targets, top 3, strongest words), {timings.Count:N0} tickets: mean {timings.Average():0.00} ms, p50 {Percentile(timings, 0.5):0.00} ms, p95 {Percentile(timings, 0.95):0.00} ms, p99 {Percentile(timings, 0.99):0.00} ms (target ≤ {InferenceTargetMs} ms per ticket)");
        text.AppendLine(culture, $"- batched as a list page ({BatchSize} tickets, category only, top 1, strongest words), per ticket over {batched.Count:N0} tickets: mean {batched.Average():0.00} ms, p50 {Percentile(batched, 0.5):0.00} ms, p99 {Percentile(batched, 0.99):0.00} ms");
        text.AppendLine();
        text.AppendLine("| target | learned from | tested on | model macro-F1 | model accuracy | commonest macro-F1 / acc. | keyword rule macro-F1 / acc. | activated |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var outcome in result.Outcomes)
        {
            if (outcome.Model is not { } m)
            {
                text.AppendLine(culture, $"| {outcome.Target} | — | — | — | — | — | — | {outcome.Decision} |");
                continue;
            }

            text.AppendLine(culture,
                $"| {WireName<TriageTarget>.Of(m.Target)} | {m.TrainCount:N0} | {m.TestCount:N0} | {m.MacroF1:0.000} | {m.Accuracy:0.000} | {m.MajorityMacroF1:0.000} / {m.MajorityAccuracy:0.000} | {m.KeywordMacroF1:0.000} / {m.KeywordAccuracy:0.000} | {(m.IsActive ? "yes" : "no")} |");
        }

        return text.ToString();
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    private static string MachineLoad() =>
        File.Exists("/proc/loadavg") && File.ReadAllText("/proc/loadavg").Split(' ') is [var one, var five, var fifteen, ..] ? $"{one} / {five} / {fifteen}" : "unknown";

    private static double Percentile(List<double> sorted, double share) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];

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

}

/// <summary>A triage run: the training's outcome, the Markdown report, and the per-ticket times in milliseconds (sorted).</summary>
public sealed record TriageBenchmarkResult(TriageTrainingResult Training, string Report, IReadOnlyList<double> OneByOne, IReadOnlyList<double> BatchedPerTicket);
