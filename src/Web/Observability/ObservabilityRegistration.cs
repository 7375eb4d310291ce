using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
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
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<JobServerHealthCheck>("jobs", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<RemoteHealthCheck>("championship_it", HealthStatus.Degraded, [ReadyTag]);

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(TicketingMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime")
            .AddPrometheusExporter());

        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, policy =>
        {
            var token = Security.SecurityOptions.From(configuration).MetricsBearerToken;
            policy.RequireAssertion(context => MayScrape(context, token));
        });
        return services;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers), <c>/health/ready</c> (database and job server; the remote
    /// only ever degraded) and <c>/metrics</c> (for signed-in admins or the configured bearer token).
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

    /// <summary>
    /// A signed-in admin, or a scraper sending the configured bearer token. Never "anything local": behind
    /// a proxy on the same host every visitor looks local.
    /// </summary>
    internal static bool MayScrape(AuthorizationHandlerContext context, string? bearerToken) =>
        context.User.IsInRole(Roles.Admin)
        || (context.Resource is HttpContext http && HasToken(http, bearerToken));

    private static bool HasToken(HttpContext http, string? expected)
    {
        if (string.IsNullOrEmpty(expected)
            || !AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is not { Length: > 0 } given)
        {
            return false;
        }

        // Compared in constant time, so the answer's timing says nothing of how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

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
