using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests.Support;

/// <summary>One read-only simulator shared by a test class: tests using it must not change tickets.</summary>
public sealed class ReadOnlySimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;

    public IReadOnlyList<Ticket> Tickets { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 600, Seed = 42 }, TestContext.Current.CancellationToken);
        Tickets = Host.Store.Snapshot();
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
