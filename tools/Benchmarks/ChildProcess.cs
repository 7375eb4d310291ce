using System.Diagnostics;
using System.Globalization;

namespace Ticketing.Benchmarks;

/// <summary>
/// The app or the simulator as a process of its own (<c>dotnet &lt;dll&gt;</c>), so its memory can be
/// read from <c>/proc/&lt;pid&gt;/status</c>. Output goes to a log file, never to the console.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The CPU the process used so far (user + system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, string logPath)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log, logPath);
    }

    /// <summary>Peak resident memory since start (VmHWM), in bytes.</summary>
    public long PeakRssBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public long RssBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>
    /// Resident memory now, split into anonymous memory (the GC's heaps, native allocations, thread stacks),
    /// mapped files (the loaded assemblies and native libraries) and shared memory (the JIT's code and the
    /// loader heaps, double-mapped for W^X), and the peak: where a peak comes from.
    /// </summary>
    public string MemoryBreakdown() =>
        $"RSS {StatusKilobytes("VmRSS:") / 1024:N0} MB (anonymous {StatusKilobytes("RssAnon:") / 1024:N0} MB, files {StatusKilobytes("RssFile:") / 1024:N0} MB, shared {StatusKilobytes("RssShmem:") / 1024:N0} MB), peak {StatusKilobytes("VmHWM:") / 1024:N0} MB";

    /// <summary>The last lines of the log, for an error message.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var number = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field}");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>The dotnet host that runs this process (so the test host and the CLI find the same SDK), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed and still not gone: nothing more a runner can do; the OS reaps it.
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
