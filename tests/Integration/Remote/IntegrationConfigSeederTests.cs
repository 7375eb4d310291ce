using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Infrastructure.Integration;

namespace Ticketing.IntegrationTests.Remote;

public sealed class IntegrationConfigSeederTests
{
    private const string ApiKey = "sk_seed_0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeds_an_empty_table_from_configuration_with_the_secrets_protected()
    {
        await using var database = await TestDatabase.CreateAsync("seed_new", Ct);
        await using var services = Services(database, "https://abc.supabase.co/functions/v1", new() { ["SyncIntervalMinutes"] = "7" });

        await SeedAsync(services);

        await using var db = database.CreateDbContext();
        var config = await db.SystemConfigs.SingleAsync(Ct);
        config.ApiBaseUrl.ShouldBe("https://abc.supabase.co/functions/v1/");
        config.SyncIntervalMinutes.ShouldBe(7);
        config.IsActive.ShouldBeTrue();
        config.SyncEnabled.ShouldBeTrue();
        config.ApiKeyEncrypted.ShouldNotBeNullOrEmpty();
        config.ApiKeyEncrypted.ShouldNotContain(ApiKey);
        config.WebhookSecret.ShouldNotBeNullOrEmpty();
        config.WebhookSecret.ShouldNotContain("dGVzdC13ZWJob29r");
        var protector = services.GetRequiredService<IntegrationSecretProtector>();
        protector.TryUnprotect(config.ApiKeyEncrypted!).ShouldBe(ApiKey);
        protector.TryUnprotect(config.WebhookSecret!).ShouldBe(RemoteFixture.WebhookSecret);
    }

    [Fact]
    public async Task The_webhook_secret_is_read_in_clear_only_through_its_provider()
    {
        await using var database = await TestDatabase.CreateAsync("seed_webhook", Ct);
        await using var services = Services(database, "http://127.0.0.1:5080");
        await SeedAsync(services);

        var secret = await services.GetRequiredService<IWebhookSecretProvider>().GetWebhookSecretAsync(Ct);

        secret.ShouldBe(RemoteFixture.WebhookSecret);
    }

    [Fact]
    public async Task Leaves_the_table_empty_when_no_base_url_is_configured()
    {
        await using var database = await TestDatabase.CreateAsync("seed_none", Ct);
        await using var services = Services(database, baseUrl: null);

        await SeedAsync(services);

        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.CountAsync(Ct)).ShouldBe(0);
        (await services.GetRequiredService<IWebhookSecretProvider>().GetWebhookSecretAsync(Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Never_overwrites_the_row_once_it_exists()
    {
        await using var database = await TestDatabase.CreateAsync("seed_twice", Ct);
        await using (var first = Services(database, "https://first.example.org"))
        {
            await SeedAsync(first);
        }

        await using var second = Services(database, "https://second.example.org");
        await SeedAsync(second);

        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.SingleAsync(Ct)).ApiBaseUrl.ShouldBe("https://first.example.org/");
    }

    [Fact]
    public async Task Refuses_an_http_base_url_to_a_remote_host()
    {
        await using var database = await TestDatabase.CreateAsync("seed_http", Ct);
        await using var services = Services(database, "http://it.example.org/api");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => SeedAsync(services));

        error.Message.ShouldContain(RemoteBaseUrl.MustBeHttpsMessage);
        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_seeders_create_a_single_row()
    {
        await using var database = await TestDatabase.CreateAsync("seed_race", Ct);
        await using var services = Services(database, "https://it.example.org");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SeedAsync(services)));

        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.CountAsync(Ct)).ShouldBe(1);
    }

    private static ServiceProvider Services(TestDatabase database, string? baseUrl, Dictionary<string, string?>? settings = null) =>
        RemoteFixture.BuildServices(database.ConnectionString, baseUrl, ApiKey, settings);

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationConfigSeeder>().SeedAsync(Ct);
    }
}
