using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Sync;

namespace Ticketing.Infrastructure.Jobs;

public static class JobsRegistration
{
    public const string HangfireSchema = "hangfire";

    /// <summary>Sync services and Hangfire on PostgreSQL (its own schema), with a server in this process unless turned off.</summary>
    public static IServiceCollection AddSyncAndJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddScoped<ISyncLock, PostgresSyncLock>();
        services.AddScoped<ISyncLogRepository, SyncLogRepository>();
        services.AddSingleton<IBackgroundSyncRunner, BackgroundSyncRunner>();
        services.AddScoped<ISyncScheduler, SyncScheduler>();
        services.AddScoped<SyncJobs>();

        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.Configure<JobOptions>(configuration.GetSection(JobOptions.Section));

        // This app's own activator as a service, which the job server takes before Hangfire's
        // process-wide one: in a process with several apps (the integration tests) the process-wide
        // one belongs to whichever app configured Hangfire last, possibly one already disposed.
        services.AddSingleton<JobActivator>(sp => new SystemJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, config) => config
            .UseLogProvider(new DisposalTolerantLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseActivator(provider.GetRequiredService<JobActivator>())
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = HangfireSchema,
                    PrepareSchemaIfNecessary = true,
                    UseSlidingInvisibilityTimeout = true,
                    QueuePollInterval = TimeSpan.FromSeconds(Math.Max(1, options.PollIntervalSeconds)),
                }));

        if (options.RunServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                server.ServerName = $"ticketing:{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        return services;
    }
}
