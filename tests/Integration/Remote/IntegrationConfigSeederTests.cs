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
        await using var app = await StartAsync("https://abc.supabase.co/functions/v1", new() { ["Ticketing:Remote:SyncIntervalMinutes"] = "7" });
        var (database, services) = (app.Database, app.Services);

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
        config.WebhookSecret.ShouldNotContain(TestApp.WebhookSecret["whsec_".Length..][..16]);
        var protector = services.GetRequiredService<IntegrationSecretProtector>();
        protector.TryUnprotect(config.ApiKeyEncrypted!).ShouldBe(ApiKey);
        protector.TryUnprotect(config.WebhookSecret!).ShouldBe(TestApp.WebhookSecret);
    }

    [Fact]
    public async Task The_webhook_secret_is_read_in_clear_only_through_its_provider()
    {
        await using var app = await StartAsync("http://127.0.0.1:5080");
        var services = app.Services;
        await SeedAsync(services);

        var secret = await services.GetRequiredService<IWebhookSecretProvider>().GetWebhookSecretAsync(Ct);

        secret.ShouldBe(TestApp.WebhookSecret);
    }

    [Fact]
    public async Task Leaves_the_table_empty_when_no_base_url_is_configured()
    {
        await using var app = await StartAsync(baseUrl: null);
        var (database, services) = (app.Database, app.Services);

        await SeedAsync(services);

        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.CountAsync(Ct)).ShouldBe(0);
        (await services.GetRequiredService<IWebhookSecretProvider>().GetWebhookSecretAsync(Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Never_overwrites_the_row_once_it_exists()
    {
        await using var first = await StartAsync("https://first.example.org");
        var database = first.Database;
        await SeedAsync(first.Services);

        await using var second = await first.StartAnotherAsync(options => options with { Settings = Settings("https://second.example.org") });
        await SeedAsync(second.Services);

        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.SingleAsync(Ct)).ApiBaseUrl.ShouldBe("https://first.example.org/");
    }

    [Fact]
    public async Task Refuses_an_http_base_url_to_a_remote_host()
    {
        await using var app = await StartAsync("http://it.example.org/api");
        var (database, services) = (app.Database, app.Services);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => SeedAsync(services));

        error.Message.ShouldContain(RemoteBaseUrl.MustBeHttpsMessage);
        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_seeders_create_a_single_row()
    {
        await using var app = await StartAsync("https://it.example.org");
        var (database, services) = (app.Database, app.Services);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SeedAsync(services)));

        await using var db = database.CreateDbContext();
        (await db.SystemConfigs.CountAsync(Ct)).ShouldBe(1);
    }

    /// <summary>The app composed over an empty-handed database: nothing seeded, so each test runs the seeder itself.</summary>
    private static Task<TestApp> StartAsync(string? baseUrl, Dictionary<string, string?>? settings = null) =>
        TestApp.StartAsync(new()
        {
            Purpose = "seed",
            Hosting = AppHosting.Composed,
            Simulator = null,
            RunStartupTasks = false,
            Settings = Settings(baseUrl, settings),
        });

    private static Dictionary<string, string?> Settings(string? baseUrl, Dictionary<string, string?>? settings = null) =>
        new(settings ?? [])
        {
            ["Ticketing:Remote:BaseUrl"] = baseUrl,
            ["Ticketing:Remote:ApiKey"] = ApiKey,
        };

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationConfigSeeder>().SeedAsync(Ct);
    }
}
