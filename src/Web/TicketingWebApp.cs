using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Ticketing.Application;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Behaviours;
using Ticketing.Application.Common.Caching;
using Mediator;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Application.Sync;
using Ticketing.Application.Tickets;
using Ticketing.Infrastructure;
using Ticketing.Web.Endpoints;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Security;
using Ticketing.Domain.Users;

namespace Ticketing.Web;

/// <summary>The composition root: services, authentication, pages and the request pipeline.</summary>
public static class TicketingWebApp
{
    public const string AdminPolicy = "Admin";

    /// <param name="args">Configuration arguments (<c>--Key=value</c>).</param>
    /// <param name="runStartupTasks">Migrate and seed when the app starts (not for command-line verbs).</param>
    /// <param name="configureServices">Last-word service changes, for tests.</param>
    public static WebApplication Build(string[] args, bool runStartupTasks = true, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;

        services.AddApplication();
        // The Application layer reads no configuration (it references none): its settings are bound
        // here, where the configuration is; every other layer binds its own.
        services.Configure<SyncOptions>(builder.Configuration.GetSection(SyncOptions.Section));
        services.Configure<Application.Retention.RetentionOptions>(builder.Configuration.GetSection(Application.Retention.RetentionOptions.Section));
        services.Configure<SlaOptions>(builder.Configuration.GetSection(SlaOptions.Section));
        services.Configure<Ticketing.Application.Tickets.Attachments.AttachmentOptions>(
            builder.Configuration.GetSection(Ticketing.Application.Tickets.Attachments.AttachmentOptions.Section));
        services.AddInfrastructure(builder.Configuration);
        services.AddTicketWebhooks(builder.Configuration);
        services.AddWebSecurity(builder.Configuration);
        services.AddTrustedProxies(builder.Configuration);
        services.AddKeyRingProtection(builder.Configuration, builder.Environment);
        services.AddObservability(builder.Configuration);
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Ticketing.Application.DependencyInjection)];
            // Outermost first: every request is logged, refused if its sender may not send it, then validated;
            // caching is innermost, so a cached answer only reaches a request that passed every check before it.
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(AuthorizationBehaviour<,>), typeof(PhiTicketWriteBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(CachingBehaviour<,>)];
        });

        // A kept answer of a cached query is handed over before the mediator builds its handler and pipeline (decision 161).
        services.Replace(ServiceDescriptor.Scoped<ISender, CachedQuerySender>());

        services.Configure<Pages.Tickets.ListPageCacheOptions>(builder.Configuration.GetSection(Pages.Tickets.ListPageCacheOptions.Section));
        services.AddSingleton<Pages.Tickets.ListPageCache>();
        services.Configure<RenderQueueOptions>(builder.Configuration.GetSection(RenderQueueOptions.Section));
        services.AddSingleton<RenderQueue>();
        services.AddHttpContextAccessor();
        services.AddScoped<UserTime>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddSignalR();
        services.AddSingleton<ILiveUpdates, Live.SignalRLiveUpdates>();

        if (runStartupTasks)
        {
            // First of the hosted services (they start in order): the background workers and the data
            // protection key ring must not touch the database before its migrations are applied.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StartupTasks>());
        }

        var security = SecurityOptions.From(builder.Configuration);
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "ticketing.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The idle logoff: pages opened renew the cookie (at most once per IdleRenewal), an idle one expires on the server's clock.
            options.ExpireTimeSpan = security.IdleTimeout;
            options.SlidingExpiration = true;
            SecurityStampCheck.OnlyWhenDue(options);
            IdleLogoff.RenewOnNavigation(options, security.IdleRenewal);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services
            .AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
                options.Conventions.AllowAnonymousToPage("/Account/Login");
                options.Conventions.AllowAnonymousToPage("/Account/LoginWithMfa");
                options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                options.Conventions.AllowAnonymousToPage("/Error");
                options.Conventions.Add(new RenderQueue.Convention());
            })
            .AddMvcOptions(options => options.Filters.Add<MediatorExceptionPageFilter>());

        configureServices?.Invoke(services);
        var app = builder.Build();

        // First: everything after it (HTTPS redirect, rate limit, audit) sees the client the trusted proxy saw.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseNulCharacterGuard();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        // After authentication: the per-user limit partitions by the signed-in user.
        app.UseSignInRateLimit();
        app.UseMustChangePassword();
        app.UseMfaGate();
        app.UseAuthorization();
        // After every gate: a kept list page is only served to a request that passed them all.
        var listPageCache = app.Services.GetRequiredService<Pages.Tickets.ListPageCache>();
        app.Use((context, next) => listPageCache.InvokeAsync(context, () => next(context)));
        // Last before the endpoint: only a page about to render waits its turn; a kept page never does (decision 158).
        var renderQueue = app.Services.GetRequiredService<RenderQueue>();
        app.Use((context, next) => renderQueue.InvokeAsync(context, () => next(context)));
        app.MapRazorPages();
        app.MapTicketWebhooks();
        app.MapSyncStatus();
        app.MapNotificationEndpoints();
        app.MapTicketWorkspaceEndpoints();
        app.MapCalendarFeed();
        app.MapHub<Live.LiveHub>(Live.LiveHub.Path);
        app.MapOverviewEndpoints();
        app.MapHealthAndMetrics();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                // The endpoint's Admin policy decides; Hangfire's own filter would only allow local requests.
                Authorization = [],
                AsyncAuthorization = [],
                DisplayStorageConnectionString = false,
                AppPath = "/",
                DashboardTitle = "Ticketing jobs",
            })
            .RequireAuthorization(AdminPolicy);

        return app;
    }
}
