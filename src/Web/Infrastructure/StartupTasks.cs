using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Infrastructure.Seeding;

namespace Ticketing.Web.Infrastructure;

/// <summary>Start-up options, bound from <c>Ticketing:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Ticketing:Database";

    /// <summary>Apply pending migrations when the app starts (on by default in Development).</summary>
    public bool? MigrateOnStartup { get; set; }
}

/// <summary>
/// Runs before the app serves requests: applies migrations where configured, then seeds roles,
/// the first admin and demo data. Idempotent, so every instance can run it.
/// </summary>
public sealed class StartupTasks(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        await using var scope = scopes.CreateAsyncScope();
        if (options.MigrateOnStartup ?? environment.IsDevelopment())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<Ticketing.Infrastructure.Integration.IntegrationConfigSeeder>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Ticketing.Infrastructure.Channels.MailSettingsSeeder>().SeedAsync(cancellationToken);
        await MarkAbandonedSyncsAsync(scope.ServiceProvider, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<ISyncScheduler>().ApplyAsync(cancellationToken);
    }

    /// <summary>A run left "in progress" by a crash is marked failed, unless another instance is running it.</summary>
    private static async Task MarkAbandonedSyncsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var lease = await services.GetRequiredService<ISyncLock>().TryAcquireAsync(cancellationToken);
        if (lease is not null)
        {
            await services.GetRequiredService<ISyncLogRepository>().MarkAbandonedAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
