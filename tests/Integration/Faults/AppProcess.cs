using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// The built app (<c>src/Web/bin/&lt;configuration&gt;/net10.0/Ticketing.Web.dll</c>) as a real process on a
/// free loopback port, configured through environment variables as an installation is, with its output
/// captured. <see cref="Kill"/> ends it the hard way, as a crash or an OOM kill would.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private AppProcess(Process process, ConcurrentQueue<string> output, Uri? baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the web app listens; null for a command-line verb.</summary>
    public Uri? BaseUrl { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the web app and waits until it answers <c>/health/live</c> (start-up tasks done).</summary>
    public static async Task<AppProcess> StartWebAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var app = Launch(["--urls", baseUrl.ToString().TrimEnd('/')], environment, baseUrl);
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    if (app.HasExited)
                    {
                        throw new InvalidOperationException($"The app exited with {app._process.ExitCode} while starting:\n{app.Output}");
                    }

                    try
                    {
                        using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"the app process answers on {baseUrl}",
                timeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Starts a command-line verb (<c>sync --full</c>, <c>migrate</c>) without waiting for it.</summary>
    public static AppProcess StartVerb(string[] arguments, IReadOnlyDictionary<string, string> environment) =>
        Launch(arguments, environment, baseUrl: null);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Ends the process and its children at once: no shutdown, no cleanup, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static AppProcess Launch(string[] arguments, IReadOnlyDictionary<string, string> environment, Uri? baseUrl)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
        };
        start.ArgumentList.Add(WebDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test says: nothing inherited from the test host's own ASP.NET Core settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("Ticketing__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(output, e.Data);
        process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, output, baseUrl);
    }

    private static void Capture(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    /// <summary>The app as the build left it, in the configuration the tests were built in.</summary>
    private static string WebDll { get; } = FindWebDll();

    private static string FindWebDll()
    {
        // tests/Integration/bin/<configuration>/net10.0/ → src/Web/bin/<configuration>/net10.0/Ticketing.Web.dll
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            var dll = Path.Combine(directory.FullName, "src", "Web", "bin", configuration, framework, "Ticketing.Web.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new InvalidOperationException($"Ticketing.Web.dll ({configuration}, {framework}) was not found above {AppContext.BaseDirectory}: build the solution first.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
