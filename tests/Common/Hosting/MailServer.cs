using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using MimeKit;

namespace Ticketing.Tests.Common;

/// <summary>
/// A real local mail server for a test: smtp4dev (the repository's local .NET tool) with SMTP, IMAP and
/// its web API on free loopback ports and an in-memory store, started by <see cref="TestApp"/> when
/// <see cref="TestAppOptions.MailServer"/> is on. Messages are read back through its API as sent (raw MIME).
/// </summary>
public sealed class MailServer : IAsyncDisposable
{
    /// <summary>
    /// smtp4dev is a .NET process of its own that JIT-compiles a web app, an SMTP and an IMAP server on start:
    /// about 5 s on an idle machine, but well past a minute when the two cores are shared with parallel builds.
    /// The wait ends as soon as it listens; this only bounds how long a machine that slow may take.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly HttpClient _api;

    private MailServer(Process process, ConcurrentQueue<string> output, int smtpPort, int imapPort, Uri webUrl)
    {
        _process = process;
        _output = output;
        SmtpPort = smtpPort;
        ImapPort = imapPort;
        WebUrl = webUrl;
        _api = new HttpClient { BaseAddress = webUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public const string Host = "127.0.0.1";

    public int SmtpPort { get; }

    public int ImapPort { get; }

    public Uri WebUrl { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts smtp4dev on four free loopback ports. A port found free can be taken by another test's process before
    /// smtp4dev binds it; smtp4dev then keeps running without that listener, so a start that says a port is in use,
    /// exits, or does not listen in time is given up and tried once more on new ports.
    /// </summary>
    public static async Task<MailServer> StartAsync(CancellationToken cancellationToken)
    {
        const int attempts = 2;
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch();
            try
            {
                await server.WaitUntilListeningAsync(cancellationToken);
                return server;
            }
            catch (Exception ex) when (attempt < attempts && ex is TimeoutException or PortTakenException or InvalidOperationException)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private static MailServer Launch()
    {
        var ports = new HashSet<int>();
        while (ports.Count < 4)
        {
            ports.Add(FreePort());
        }

        var (smtp, imap, pop3, web) = (ports.ElementAt(0), ports.ElementAt(1), ports.ElementAt(2), ports.ElementAt(3));
        var data = Directory.CreateTempSubdirectory("ticketing-smtp4dev-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            // The local tool is found from the repository's .config/dotnet-tools.json.
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "smtp4dev", $"--urls=http://{Host}:{web}", $"--smtpport={smtp}", $"--imapport={imap}", $"--pop3port={pop3}",
            $"--bindaddress={Host}", "--disableipv6", "--db=", "--nousersettings", $"--baseappdatapath={data}",
            "--hostname=localhost", "--messagestokeep=1000",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(output, e.Data);
        process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new MailServer(process, output, smtp, imap, new Uri($"http://{Host}:{web}/"));
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    if (_process.HasExited)
                    {
                        throw new InvalidOperationException($"smtp4dev exited ({_process.ExitCode}):{Environment.NewLine}{Output}");
                    }

                    if (Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new PortTakenException($"smtp4dev could not bind a port:{Environment.NewLine}{Output}");
                    }

                    try
                    {
                        using var response = await _api.GetAsync("api/messages", cancellationToken);
                        return response.IsSuccessStatusCode && Output.Contains("IMAP Server is listening", StringComparison.Ordinal);
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "smtp4dev starts",
                StartTimeout);
        }
        catch (TimeoutException ex)
        {
            // What smtp4dev said is the only clue to why it did not listen.
            throw new TimeoutException($"{ex.Message}; its output:{Environment.NewLine}{Output}", ex);
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);

    /// <summary>The app's configuration that points it at this server (written once into the empty mail settings).</summary>
    public IReadOnlyDictionary<string, string?> AppSettings(string mailbox) => new Dictionary<string, string?>
    {
        ["Ticketing:Channels:Mail:SmtpHost"] = Host,
        ["Ticketing:Channels:Mail:SmtpPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ticketing:Channels:Mail:FromAddress"] = mailbox,
        ["Ticketing:Channels:Mail:ReplyAddress"] = mailbox,
        ["Ticketing:Channels:Mail:ImapHost"] = Host,
        ["Ticketing:Channels:Mail:ImapPort"] = ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ticketing:Channels:Mail:ImapUserName"] = "it",
        ["Ticketing:Channels:Mail:ImapPassword"] = "it",
    };

    /// <summary>Every message the server holds, as sent, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync(CancellationToken cancellationToken = default)
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=1000", cancellationToken)
            ?? throw new InvalidOperationException("smtp4dev returned no message list.");
        var messages = new List<MimeMessage>();
        foreach (var summary in page.Results.OrderBy(m => m.ReceivedDate))
        {
            await using var raw = await _api.GetStreamAsync($"api/messages/{summary.Id}/raw", cancellationToken);
            messages.Add(await MimeMessage.LoadAsync(raw, cancellationToken));
        }

        return messages;
    }

    /// <summary>The messages sent to <paramref name="address"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string address, CancellationToken cancellationToken = default) =>
        [.. (await MessagesAsync(cancellationToken)).Where(m => m.To.Mailboxes.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static void Capture(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 500 && output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository (.config/dotnet-tools.json) was not found above " + AppContext.BaseDirectory);
    }

    private sealed record MessagePage(List<MessageSummary> Results);

    private sealed record MessageSummary(string Id, DateTimeOffset ReceivedDate);
}
