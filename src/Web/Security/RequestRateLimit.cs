using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace Ticketing.Web.Security;

/// <summary>
/// The per-user rate limit: every request to a page or JSON endpoint counts against its sender (the
/// signed-in user's id, or the client address without a sign-in), in three fixed windows, the strictest
/// for exports and then searches. Over a limit the answer is 429 with <c>Retry-After</c>: a short page
/// for a browser, a JSON problem for scripts. Chained with the sign-in limit (<see cref="SignInRateLimit"/>);
/// runs after authentication, so it sees the user.
/// </summary>
internal static class RequestRateLimit
{
    public enum Kind
    {
        None,
        Request,
        Search,
        Export,
    }

    /// <summary>Paths with limits of their own or callers that are not people (a scraper, a probe, the remote's webhooks).</summary>
    private static readonly string[] Exempt = ["/webhook", "/health", "/metrics", "/lib", "/css", "/js", "/icons"];

    public static PartitionedRateLimiter<HttpContext> Create(SecurityOptions settings)
    {
        var window = Window(settings);
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var kind = Classify(context.Request);
            if (kind == Kind.None)
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var permits = kind switch
            {
                Kind.Export => settings.ExportPermitLimit,
                Kind.Search => settings.SearchPermitLimit,
                _ => settings.RequestPermitLimit,
            };
            return RateLimitPartition.GetFixedWindowLimiter(
                $"{kind}:{Sender(context)}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true });
        });
    }

    public static TimeSpan Window(SecurityOptions settings) => TimeSpan.FromSeconds(Math.Max(1, settings.RequestWindowSeconds));

    /// <summary>Which limit a request counts against.</summary>
    public static Kind Classify(HttpRequest request)
    {
        var path = request.Path;
        if (Exempt.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return Kind.None;
        }

        var handler = request.Query["handler"].ToString();
        if (path.StartsWithSegments("/Tickets/Export", StringComparison.OrdinalIgnoreCase)
            || handler.Equals("Export", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Export;
        }

        if (path.StartsWithSegments("/Tickets", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(request.Query["q"].ToString()))
        {
            return Kind.Search;
        }

        return Kind.Request;
    }

    /// <summary>The signed-in user, or the client address (already the real client behind a trusted proxy).</summary>
    private static string Sender(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? "user:" + id
            : "address:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);

    /// <summary>Answers a request over the per-user limit.</summary>
    public static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, TimeSpan window, CancellationToken cancellationToken)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var kind = Classify(context.Request);
        var what = kind switch
        {
            Kind.Export => "exports",
            Kind.Search => "searches",
            _ => "requests",
        };

        if (context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page(what, seconds), cancellationToken);
            return;
        }

        await context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Too many requests", status = StatusCodes.Status429TooManyRequests, detail = $"Too many {what}: try again in {seconds} seconds.", retry_after = seconds },
            options: null,
            contentType: "application/problem+json",
            cancellationToken);
    }

    private static string Page(string what, int seconds) => TooManyRequestsPage.Html(
        $"Too many {what}",
        $"You sent a lot of {what} in a short time, so the app is pausing yours for a moment. Wait {seconds} seconds, then try again.",
        "Nothing was lost. If this keeps happening, ask an administrator.",
        "/",
        "Back to the overview");
}
