[assembly: AssemblyFixture(typeof(Ticketing.Tests.Common.TestRunCleanup))]

namespace Ticketing.Tests.Common;

/// <summary>
/// Around the whole run of a test assembly: first drops what crashed earlier runs left on the server,
/// last drops every database of this run still there — the template, and any database a test or a
/// fixture failed to drop (one whose start-up threw half-way, for example).
/// </summary>
public sealed class TestRunCleanup : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await TestDatabaseServer.DropLeftoversOfDeadRunsAsync();

    public async ValueTask DisposeAsync() => await TestDatabaseServer.DropEverythingOfThisRunAsync();
}
