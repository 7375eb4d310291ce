using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Ticketing.Infrastructure.Observability;
using Ticketing.Domain.Users;

// In the app's root namespace, beside TicketingWebApp, so the composition needs no extra using.
namespace Ticketing.Web;

public static class ObservabilityRegistration
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";
    public const string MetricsPolicy = "Metrics";

    private const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// Health checks (PostgreSQL, the job server, Championship IT as at most degraded) and OpenTelemetry
    /// metrics in Prometheus format: the app's own meter, ASP.NET Core, HttpClient and the runtime.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<JobServerHealthCheck>("jobs", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<RemoteHealthCheck>("championship_it", HealthStatus.Degraded, [ReadyTag]);

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(TicketingMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime")
            .AddPrometheusExporter());

        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, policy => policy.RequireAssertion(MayScrape));
        return services;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers), <c>/health/ready</c> (database and job server; the remote
    /// only ever degraded) and <c>/metrics</c> (from this machine, or for signed-in admins).
    /// </summary>
    public static WebApplication MapHealthAndMetrics(this WebApplication app)
    {
        // Created now, so the gauge is registered and the totals count from the start.
        app.Services.GetRequiredService<LiveMetrics>();
        app.Services.GetRequiredService<TicketStatusGauge>();

        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsPolicy);
        return app;
    }

    /// <summary>A scraper on this machine needs no account; anyone else must be a signed-in admin.</summary>
    internal static bool MayScrape(AuthorizationHandlerContext context) =>
        context.User.IsInRole(Roles.Admin)
        || (context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } ip
            && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip));

    /// <summary>
    /// Status and each check's fixed description: no exception text, data or configuration values, as
    /// the endpoints are anonymous.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
