using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Integration;
using Ticketing.Infrastructure.Jobs;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Infrastructure.Seeding;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Ticketing";

    /// <summary>
    /// The app's pool, without the reset (<c>DISCARD ALL</c>, one more round trip) each time a
    /// connection goes back to it: nothing the app does leaves session state behind. Advisory locks
    /// held across statements are released explicitly (the sync and outbox leases; a failed release
    /// clears the pool), the others are transaction locks; no code runs <c>SET</c> outside a
    /// transaction (<c>SET LOCAL</c> only), creates temporary tables that outlive their transaction,
    /// prepares statements or listens. Hangfire has a pool of its own, with the reset.
    /// The pool's sessions run without PostgreSQL's JIT compiler (decision 107): the app's statements are
    /// short, and the set-based ones (a sync page, the rollup triggers, an SLA batch) are estimated above the
    /// JIT threshold, so each was compiled to machine code first, 10-25 times longer than running it.
    /// </summary>
    public static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.Options = WithoutJit(builder.ConnectionStringBuilder.Options);
        builder.ConnectionStringBuilder.SslMode = SslModeFor(connectionString);
        return builder.Build();
    }

    /// <summary>
    /// The connection's TLS mode: as the connection string says, if it says; otherwise off when every host is this
    /// machine's loopback (or a Unix socket) and Npgsql's default (<c>Prefer</c>: encrypted whenever the server
    /// offers it) for any other host. Loopback traffic never leaves the kernel, so encrypting it protects nothing,
    /// and it cost a list request's first view about a sixth of the app's CPU (decision 114) plus PostgreSQL's
    /// side of each exchange. A server that demands TLS (<c>hostssl</c>) is reached by saying so: <c>SSL Mode=Require</c>.
    /// </summary>
    public static SslMode SslModeFor(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        if (given.ContainsKey("SSL Mode") || given.ContainsKey("SslMode") || given.ContainsKey("sslmode"))
        {
            return parsed.SslMode;
        }

        var hosts = (parsed.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return hosts.Length > 0 && hosts.All(IsLoopback) ? SslMode.Disable : parsed.SslMode;
    }

    private static bool IsLoopback(string host)
    {
        // "host:port" in a multi-host list.
        var name = host.StartsWith('[') ? host[1..Math.Max(1, host.IndexOf(']', StringComparison.Ordinal))] : host.Split(':') is [var h, _] ? h : host;
        return name.StartsWith('/')
            || string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(name, out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    /// <summary>The connection's startup options with <c>jit=off</c> added (an operator's own options kept).</summary>
    public static string WithoutJit(string? options) =>
        string.IsNullOrWhiteSpace(options) ? "-c jit=off" : options + " -c jit=off";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionStringName}' is not set " +
                $"(environment variable ConnectionStrings__{ConnectionStringName}).");
        }

        // One data source for EF Core and for the hot paths that use Npgsql directly.
        services.AddSingleton(_ => BuildDataSource(connectionString));
        // The options depend on nothing but the one data source: built once, not for every request's context
        // (per scope they were about 4 % of a list page's CPU, decision 114).
        services.AddDbContext<TicketingDbContext>(
            (sp, options) => ConfigureDbContext(options, sp.GetRequiredService<NpgsqlDataSource>()),
            contextLifetime: ServiceLifetime.Scoped,
            optionsLifetime: ServiceLifetime.Singleton);

        services.TryAddSingletonTimeProvider();
        services.AddScoped<ITicketRepository, TicketRepository>();
        services.AddSingleton<IHeapHeadroom, Runtime.GcHeapHeadroom>();
        services.AddSingleton<TicketAggregateReader>();
        services.AddScoped<ITicketStatsRepository, TicketStatsRepository>();
        services.AddScoped<ISystemConfigRepository, SystemConfigRepository>();
        services.AddScoped<IAgentRepository, AgentRepository>();
        services.AddScoped<ITicketAttachmentRepository, TicketAttachmentRepository>();
        services.AddScoped<ITicketListReader, TicketListReader>();

        // Analytics (issue 21): the rollup reader also answers SLA compliance until the SLA policies replace it.
        services.AddSingleton<Analytics.AnalyticsReader>();
        services.AddSingleton<IAnalyticsReader>(sp => sp.GetRequiredService<Analytics.AnalyticsReader>());
        services.AddSingleton<ISlaComplianceFigures>(sp => sp.GetRequiredService<Analytics.AnalyticsReader>());
        services.AddSingleton<IReportPdf, Analytics.AnalyticsPdf>();

        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<Audit.AuditLog>());
        services.AddScoped<IAuditChainVerifier, Audit.AuditChainVerifier>();
        services.AddScoped<IAuditRetention, Audit.AuditRetention>();
        services.AddScoped<Application.Retention.Commands.ApplyRetention.IRetentionStore, Retention.RetentionStore>();
        services.AddScoped<ITicketOutbox, Tickets.TicketOutbox>();
        services.AddScoped<ITicketAttachmentReader, Tickets.MirrorTicketAttachmentReader>();
        services.AddSingleton<IOutboxLock, Sync.PostgresOutboxLock>();
        services.AddSingleton<ICommentBackfillLock, Sync.PostgresCommentBackfillLock>();
        Notifications.NotificationsRegistration.AddNotifications(services);
        services.AddScoped<ITicketTemplateRepository, Templates.TicketTemplateRepository>();
        // PHI (issue 17): classification flags and rules, the permission and break-glass grants.
        services.AddScoped<Phi.PhiStore>();
        services.AddScoped<Application.Phi.IPhiClassification>(sp => sp.GetRequiredService<Phi.PhiStore>());
        services.AddScoped<Application.Phi.IPhiRuleStore>(sp => sp.GetRequiredService<Phi.PhiStore>());
        services.AddScoped<Application.Phi.IPhiAccessStore, Phi.PhiAccessStore>();
        services.AddScoped<Phi.PhiJobs>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<DemoDataSeeder>();
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.Section));
        services.AddRemoteClient(configuration);
        services.AddSyncAndJobs(configuration, connectionString);
        services.AddWebhookProcessing(configuration);
        services.AddProjectsAndSavedViews();
        services.AddTicketListSupport();
        Channels.ChannelsRegistration.AddNotificationChannels(services, configuration);
        Triage.TriageRegistration.AddTriage(services, configuration);
        Sla.SlaRegistration.AddSlaPolicies(services);
        // Scheduled reports (issue 21): subscriptions, their stop links and the job that queues them.
        services.AddScoped<Application.Reports.IReportSubscriptionStore, Reports.ReportSubscriptionStore>();
        services.AddSingleton<Application.Reports.IReportUnsubscribeTokens, Reports.ReportUnsubscribeTokens>();
        services.AddScoped<Reports.ReportJobs>();

        services
            .AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<TicketingDbContext>()
            .AddDefaultTokenProviders()
            // After the defaults, so it takes the authenticator's name: each code is accepted once (decision 101).
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<UserClaimsFactory>();

        // Keys live in PostgreSQL so every app instance can read the others' cookies and secrets.
        services.AddDataProtection()
            .SetApplicationName("Ticketing")
            .PersistKeysToDbContext<TicketingDbContext>();

        services.AddAdministration();

        // Two-step sign-in (issue 17 part B): the accounts, the admins' setting and the rules that require it.
        services.AddScoped<IMfaAccounts, MfaAccounts>();
        services.AddScoped<ISecuritySettingsStore, SecuritySettingsStore>();
        services.AddScoped<IMfaRequirement, Application.Account.Mfa.AdminMfaRequirement>();
        services.AddScoped<IMfaRequirement, Application.Phi.PhiMfaRequirement>();
        return services;
    }

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
