using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ticketing.Tests.Common;

public sealed partial class TestApp
{
    /// <summary>
    /// The built app (<c>src/Web/bin/&lt;configuration&gt;/net10.0/Ticketing.Web.dll</c>) as a real process on a
    /// free loopback port, configured through environment variables as an installation is, with its output
    /// captured. <see cref="Kill"/> ends it the hard way, as a crash or an OOM kill would.
    /// </summary>
    private sealed class WebProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output;

        private WebProcess(Process process, ConcurrentQueue<string> output, Uri baseUrl)
        {
            _process = process;
            _output = output;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public string Output => string.Join('\n', _output);

        /// <summary>
        /// A Debug build of the app starts in a few seconds on an idle machine and took over 90 s beside parallel
        /// builds on two cores; the wait ends as soon as it answers, this only bounds a machine that slow.
        /// </summary>
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

        /// <summary>Starts the web app and waits until it answers <c>/health/live</c> (start-up tasks done).</summary>
        public static async Task<WebProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string environment, string contentRoot)
        {
            var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
            var app = Launch(baseUrl, settings, environment, contentRoot);
            using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                await Eventually.UntilAsync(
                    async () =>
                    {
                        if (app._process.HasExited)
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
                        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                        {
                            return false;
                        }
                    },
                    $"the app process answers on {baseUrl}",
                    StartTimeout);
            }
            catch
            {
                app.Dispose();
                throw;
            }

            return app;
        }

        /// <summary>Ends the process and its children at once: no shutdown, no clean-up, as a crash would.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private static WebProcess Launch(Uri baseUrl, IReadOnlyDictionary<string, string> settings, string environment, string contentRoot)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            };
            start.ArgumentList.Add(WebDll);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseUrl.ToString().TrimEnd('/'));
            start.ArgumentList.Add("--contentRoot");
            start.ArgumentList.Add(contentRoot);

            // Only what the test says: nothing inherited from the test host's own ASP.NET Core settings.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("Ticketing__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var (key, value) in settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var output = new ConcurrentQueue<string>();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Capture(output, e.Data);
            process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new WebProcess(process, output, baseUrl);
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
            // tests/<project>/bin/<configuration>/net10.0/ → src/Web/bin/<configuration>/net10.0/Ticketing.Web.dll
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
}
