using System.Globalization;
using System.Runtime.InteropServices;

namespace Ticketing.Benchmarks;

/// <summary>The machine the figures were taken on, read from /proc and /etc.</summary>
public sealed record MachineFacts(int Cores, string Cpu, string Memory, string Os, string Dotnet, string Postgres)
{
    public static MachineFacts Read(string postgresVersion)
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        var memory = long.TryParse(memKb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? $"{kb / 1024.0 / 1024.0:0.0} GiB"
            : "unknown";
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        return new MachineFacts(
            Environment.ProcessorCount,
            cpu,
            memory,
            $"{os ?? RuntimeInformation.OSDescription} (kernel {Environment.OSVersion.Version})",
            RuntimeInformation.FrameworkDescription,
            postgresVersion);
    }

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg gives them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
