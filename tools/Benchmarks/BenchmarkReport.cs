using System.Globalization;
using System.Text;

namespace Ticketing.Benchmarks;

/// <summary>One measured figure beside its target. <see cref="Met"/> is null when the issue sets no target for it.</summary>
public sealed record Figure(string Id, string Scenario, string Measure, double Value, string Text, string? Target, bool? Met);

/// <summary>A correctness check: these, never timings, decide the exit code.</summary>
public sealed record Check(string Name, bool Passed, string Detail);

/// <summary>Everything a run found, and its rendering as a console table and as docs/benchmarks.md.</summary>
public sealed class BenchmarkReport
{
    private readonly List<Figure> _figures = [];
    private readonly List<Check> _checks = [];
    private readonly List<string> _notes = [];
    private readonly List<(string Step, string Load)> _loads = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<Check> Checks => _checks;

    public IReadOnlyList<string> Notes => _notes;

    public bool AllChecksPassed => _checks.Count > 0 && _checks.All(c => c.Passed);

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? FinishedAt { get; set; }

    public MachineFacts? Machine { get; set; }

    /// <summary>
    /// Adds a figure beside the earlier ones of its scenario: the limit of a size is measured last (decision 152),
    /// its rows still follow that size's full sync.
    /// </summary>
    public void Add(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var last = _figures.FindLastIndex(f => f.Scenario == figure.Scenario);
        _figures.Insert(last < 0 ? _figures.Count : last + 1, figure);
    }

    public void Add(string id, string scenario, string measure, double value, string text, string? target = null, bool? met = null) =>
        Add(new Figure(id, scenario, measure, value, text, target, met));

    public bool Check(string name, bool passed, string detail)
    {
        _checks.Add(new Check(name, passed, detail));
        return passed;
    }

    public void Note(string note) => _notes.Add(note);

    public void LoadAt(string step) => _loads.Add((step, MachineFacts.LoadAverage()));

    public string ConsoleTable()
    {
        var rows = _figures.Select(f => new[] { f.Scenario, f.Measure, f.Text, f.Target ?? "", Mark(f.Met) }).ToList();
        var header = new[] { "scenario", "measure", "figure", "target", "" };
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        Line([.. widths.Select(w => new string('-', w))]);
        rows.ForEach(Line);
        text.AppendLine();
        foreach (var check in _checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(check.Passed ? "ok  " : "FAIL")}  {check.Name}: {check.Detail}");
        }

        foreach (var note in _notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"note  {note}");
        }

        return text.ToString();
    }

    public string Markdown(BenchmarkOptions options, IReadOnlyDictionary<string, string> explanations)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("Written by the benchmark runner (`tools/Benchmarks`); do not edit the figures by hand. Reproduce with:");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine(options.Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run on {StartedAt:yyyy-MM-dd HH:mm} UTC, finished {FinishedAt:HH:mm} UTC. The app, the simulator and the runner are Release builds, each its own process, on loopback, over the local PostgreSQL (a fresh database per sync size, dropped afterwards).");
        md.AppendLine();
        if (Machine is { } m)
        {
            md.AppendLine("| machine | |");
            md.AppendLine("| --- | --- |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| cores | {m.Cores} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {m.Cpu} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| memory | {m.Memory} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {m.Os} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {m.Dotnet} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL | {m.Postgres} |");
            md.AppendLine();
        }

        md.AppendLine("Load generator: the runner's own closed loop in C# (`tools/Benchmarks/LoadLoop.cs`: 16 workers, one request in flight each, on pooled `SocketsHttpHandler` connections, for a fixed duration; every latency kept, percentiles exact), not wrk — see docs/decisions/006. Latency is from sending the request to having read the whole body. The list and stats figures are signed-in requests. A list shape's limit is the page's own SQL batch (the capped count and the page, built by the app's `TicketListReader.AddPageCommands`) sent from 16 connections in the same closed loop for the same time, on a pool without reset; its single-connection median of 30 is a second figure. Searches are also measured for one user alone: the page and its SQL batch on a connection of its own, taken in turn for the same duration, the ratio of their medians. Page 200 ÷ page 1 comes from the two first views taken in turn on the same 16 connections.");
        md.AppendLine();
        md.AppendLine("The machine is shared: other work ran beside the benchmark. Load average (1, 5, 15 min) at each step:");
        md.AppendLine();
        md.AppendLine(string.Join("; ", _loads.Select(l => $"{l.Step}: {l.Load}")) + ".");
        md.AppendLine();
        md.AppendLine("## Figures");
        md.AppendLine();
        md.AppendLine("| scenario | measure | figure | target | |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var f in _figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Scenario} | {f.Measure} | {f.Text} | {f.Target ?? ""} | {Mark(f.Met)} |");
        }

        md.AppendLine();
        md.AppendLine("## Correctness checks");
        md.AppendLine();
        foreach (var c in _checks)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {(c.Passed ? "✅" : "❌")} {c.Name}: {c.Detail}");
        }

        md.AppendLine();
        var misses = _figures.Where(f => f.Met == false).ToList();
        md.AppendLine("## Misses: why, and what would fix them");
        md.AppendLine();
        if (misses.Count == 0)
        {
            md.AppendLine("Every target was met in this run.");
        }

        foreach (var group in misses.GroupBy(f => ExplanationKey(f.Id, explanations)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{string.Join(", ", group.Select(f => $"{f.Scenario} — {f.Measure}"))}**: {(explanations.TryGetValue(group.Key, out var why) ? why : "not explained yet.")}");
        }

        if (_notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in _notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        AppendProjection(md);
        return md.ToString();
    }

    /// <summary>
    /// The 10,000,000-ticket projection: the sizes scaled from this run's largest mirror (bytes per ticket,
    /// and how they moved from the smaller one), the rates turned into times, and which figures do not
    /// grow with the table and why.
    /// </summary>
    private void AppendProjection(StringBuilder md)
    {
        const double Target = 10_000_000;
        var sizes = _figures.Where(f => f.Id.StartsWith("size.", StringComparison.Ordinal)).ToList();
        if (sizes.Count == 0)
        {
            return;
        }

        double? PerTicket(string label, string part)
        {
            var figure = sizes.FirstOrDefault(f => f.Id == $"size.{label}.{part}");
            var tickets = double.Parse(label.TrimEnd('k'), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) * 1000;
            return figure is null ? null : figure.Value / tickets;
        }

        var labels = sizes.Select(f => f.Id.Split('.')[1]).Distinct().ToList();
        var largest = labels.OrderBy(l => double.Parse(l.TrimEnd('k'), NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).Last();
        static string Gb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:N1} GB");
        var table = PerTicket(largest, "table") ?? 0;
        var indexes = PerTicket(largest, "indexes") ?? 0;
        md.AppendLine();
        md.AppendLine("## Projection to 10,000,000 tickets");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Scaled from the {largest} mirror of this run ({string.Join(", ", labels.Select(l => $"{l}: {PerTicket(l, "table") ?? 0:N0} + {PerTicket(l, "indexes") ?? 0:N0} bytes per ticket (table + indexes)"))}).");
        md.AppendLine();
        var times = string.Join("; ", _figures.Where(f => f.Id.EndsWith(".rate", StringComparison.Ordinal) && f.Id.StartsWith("sync.", StringComparison.Ordinal) && f.Value > 0)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Scenario}: {Target / f.Value / 60:N0} min")));
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Grows with the table (linear).** The mirror: about {Gb(table * Target)} of table and {Gb(indexes * Target)} of indexes. The initial load and a full reconciliation: 10M ÷ the measured rate ({times}). The CSV export of every ticket (streamed, memory flat). VACUUM after a bulk load.");
        md.AppendLine("- **Flat.** The list's first pages (a keyed walk of one index; the count of a status and priority filter from the kept counters, exact at any size, any other filter's capped at 10,000), a search's count (capped at 1,000), the KPIs and charts (counters kept by triggers, never a scan), an incremental sync (proportional to the changes, not the table), webhook ingest, the cached header data.");
        md.AppendLine("- **Grows slowly.** Deep pages (OFFSET walks the index: page 200 costs 5,000 index entries at any size; past the middle of an exactly counted list the walk starts from the other end, so the last page costs as much as the first); a common word's search (its posting list grows ×10, but the page stops after 25 matches in list order and the count after 1,000); the deletion check of a full pass (the candidates, not the table).");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **What a deployment at that size needs.** Memory for the hot indexes (the list's keyed indexes and the search document's GIN: most of the {Gb(indexes * Target)}) in `shared_buffers` plus the OS cache — 16–32 GB for PostgreSQL; no partitioning (10M rows in one table with keyed access is routine for PostgreSQL, and the mirror's queries never scan it); `autovacuum_vacuum_scale_factor` around 0.01 on `tickets_cache` so vacuum follows churn, not table size; a streaming read replica for the list and search once more than a few hundred agents keep the page open (the app's reads are already separate from its writes); the initial load as a bulk load (decision 062) in a maintenance window.");
    }

    /// <summary>The explanation for a figure: its own id, else the longest id prefix that has one (e.g. <c>list.</c>).</summary>
    private static string ExplanationKey(string id, IReadOnlyDictionary<string, string> explanations)
    {
        for (var key = id; key.Length > 0; key = key.Contains('.', StringComparison.Ordinal) ? key[..key.LastIndexOf('.')] : "")
        {
            if (explanations.ContainsKey(key))
            {
                return key;
            }
        }

        return id;
    }

    private static string Mark(bool? met) => met switch { true => "✅", false => "❌", null => "" };
}
