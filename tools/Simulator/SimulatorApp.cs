using Microsoft.AspNetCore.WebUtilities;
using Ticketing.Simulator.Api;
using Ticketing.Simulator.Churn;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator;

/// <summary>Composition root of the simulator, shared by the command line and <see cref="SimulatorHost"/>.</summary>
public static class SimulatorApp
{
    private static readonly string[] BooleanFlags = ["--down"];

    /// <summary>Builds the app from command-line flags (see README.md); the tickets are seeded before this returns.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = CreateBuilder(NormalizeFlags(args));
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(SimulatorSettings.DefaultUrl);
        }

        return Build(builder, SimulatorSettings.FromConfiguration(builder.Configuration));
    }

    internal static WebApplication Build(SimulatorSettings settings, string url, LogLevel minimumLogLevel)
    {
        var builder = CreateBuilder([]);
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        return Build(builder, settings);
    }

    private static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // The simulator's own start line says where it listens; the host's lifetime chatter adds nothing.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        return builder;
    }

    private static WebApplication Build(WebApplicationBuilder builder, SimulatorSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatorCounters>();
        services.AddSingleton(new FaultController(settings.Faults));
        services.AddSingleton<TicketContent>();
        services.AddSingleton<TicketSeeder>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<ITicketChangeSink>(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton(provider => new TicketStore(
            provider.GetRequiredService<TicketSeeder>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ITicketChangeSink>(),
            settings.TicketCount,
            settings.Seed,
            settings.FreshRuntimeIds ? Random.Shared.NextInt64(1, TicketStore.MaxRuntimeIdOffset) : 0));
        services.AddSingleton<ListingHooks>();
        services.AddSingleton<Chat.ChatReceiver>();
        services.AddSingleton<ChurnEngine>();
        services.AddHostedService<ChurnService>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, SimJson.Context));

        var app = builder.Build();

        // Seed now rather than on the first request, so startup reports the cost and requests don't pay it.
        var started = TimeProvider.System.GetTimestamp();
        var store = app.Services.GetRequiredService<TicketStore>();
        var seedTime = TimeProvider.System.GetElapsedTime(started);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ticketing.Simulator");
        app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "Championship IT simulator listening on {Urls} with {Tickets} tickets (seed {Seed}), seeded in {SeedMs} ms",
            string.Join(", ", app.Urls),
            store.Count,
            settings.Seed,
            (long)seedTime.TotalMilliseconds));

        // Every error carries the contract's error body, including the ones the framework makes
        // (405 for a wrong method, an unexpected exception).
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal_error", "Unexpected simulator error."),
        });
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var (code, message) = status switch
            {
                StatusCodes.Status404NotFound => ("not_found", "No such endpoint."),
                StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "The endpoint does not support this method."),
                _ => ("error", ReasonPhrases.GetReasonPhrase(status)),
            };
            return ApiErrors.WriteAsync(context.HttpContext, status, code, message);
        });
        app.UseWhen(IsAdmin, admin => admin.UseMiddleware<LoopbackOnlyMiddleware>());
        app.UseWhen(context => !IsAdmin(context), contract => contract
            .UseMiddleware<FaultInjectionMiddleware>()
            .UseMiddleware<BearerAuthMiddleware>());

        app.MapContractEndpoints();
        app.MapAdminEndpoints();
        app.MapChatEndpoints();
        return app;
    }

    private static bool IsAdmin(HttpContext context) => context.Request.Path.StartsWithSegments("/_sim");

    /// <summary>
    /// Lets a boolean flag stand alone (<c>--down</c>); the configuration reader would otherwise take
    /// the next argument as its value.
    /// </summary>
    private static string[] NormalizeFlags(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var isBareFlag = BooleanFlags.Contains(args[i], StringComparer.Ordinal)
                && (i + 1 == args.Length || args[i + 1].StartsWith('-') || !bool.TryParse(args[i + 1], out _));
            result.Add(isBareFlag ? args[i] + "=true" : args[i]);
        }

        return [.. result];
    }
}
