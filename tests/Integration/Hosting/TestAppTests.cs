using Microsoft.Extensions.Options;
using Npgsql;
using Shouldly;

namespace Ticketing.IntegrationTests.Hosting;

/// <summary>The test host itself: what a start that fails leaves behind.</summary>
public sealed class TestAppTests
{
    /// <summary>
    /// A start that throws half-way (here the app refuses an invalid setting when it starts, after its
    /// simulator and database were made) leaves no database and no simulator behind.
    /// </summary>
    [Fact]
    public async Task A_start_that_throws_half_way_drops_the_database_it_made()
    {
        var purpose = "failedstart" + Guid.NewGuid().ToString("N")[..8];

        await Should.ThrowAsync<OptionsValidationException>(() => TestApp.StartAsync(new()
        {
            Purpose = purpose,
            Settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:BatchSize"] = "0" },
        }));

        await Eventually.UntilAsync(
            async () => await DatabasesNamedAsync(purpose) == 0,
            "the database of the failed start is dropped");
    }

    private static async Task<long> DatabasesNamedAsync(string purpose)
    {
        await using var connection = new NpgsqlConnection(TestDatabaseServer.AdminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname LIKE $1", connection)
        {
            Parameters = { new() { Value = $"{TestDatabaseServer.RunPrefix}_{purpose}_%" } },
        };
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
