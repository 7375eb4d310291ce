using System.Net.Http.Headers;
using Ticketing.Simulator.Churn;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator;

/// <summary>
/// The simulator on a free loopback port inside the caller's process, for tests: real HTTP for the
/// code under test, direct access to the store, counters and faults for assertions.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri baseUrl, SimulatorSettings settings)
    {
        _app = app;
        BaseUrl = baseUrl;
        Settings = settings;
    }

    /// <summary>Ends with a slash, so relative paths (<c>"tickets"</c>) resolve under it.</summary>
    public Uri BaseUrl { get; }

    public SimulatorSettings Settings { get; }

    public string ApiKey => Settings.ApiKey;

    public IServiceProvider Services => _app.Services;

    public TicketStore Store => Services.GetRequiredService<TicketStore>();

    public SimulatorCounters Counters => Services.GetRequiredService<SimulatorCounters>();

    public FaultController Faults => Services.GetRequiredService<FaultController>();

    public WebhookDispatcher Webhooks => Services.GetRequiredService<WebhookDispatcher>();

    public ChurnEngine Churn => Services.GetRequiredService<ChurnEngine>();

    /// <summary>Changes armed to happen right after a given page of <c>GET /tickets</c> is read.</summary>
    public ListingHooks Hooks => Services.GetRequiredService<ListingHooks>();

    /// <summary>The incoming webhooks of the demo chat (<c>/_sim/chat/{channel}</c>).</summary>
    public Ticketing.Simulator.Chat.ChatReceiver Chat => Services.GetRequiredService<Ticketing.Simulator.Chat.ChatReceiver>();

    public static async Task<SimulatorHost> StartAsync(SimulatorSettings settings, CancellationToken ct = default)
    {
        var app = SimulatorApp.Build(settings, "http://127.0.0.1:0", LogLevel.Warning);
        try
        {
            await app.StartAsync(ct);
            // Kestrel replaces the requested port 0 with the one it bound.
            var address = app.Urls.First();
            return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"), settings);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for the contract API: base address set, bearer key attached.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        // Hanging requests (hang_rate) end with ApplicationStopping, so a short grace period is enough.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
