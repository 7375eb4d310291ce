using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;
using Ticketing.Web.Security;

namespace Ticketing.Web.Infrastructure;

/// <summary>Settings of <see cref="RenderQueue"/> (<c>Ticketing:RenderQueue</c>).</summary>
public sealed class RenderQueueOptions
{
    public const string Section = "Ticketing:RenderQueue";

    /// <summary>
    /// Page renders run at once; the others wait their turn in arrival order. 0 (the default) turns the queue off:
    /// on a shared two-core machine it did not shorten the tail it was meant to (decision 158).
    /// </summary>
    public int Concurrency { get; set; }

    /// <summary>Renders that may wait; one more is answered 503 with <c>Retry-After</c> (and logged).</summary>
    public int QueueLimit { get; set; } = 1000;

    /// <summary>The <c>Retry-After</c> of that 503.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>The permits in effect, 0 for off.</summary>
    public int Permits => Math.Max(0, Concurrency);
}

/// <summary>Keeps a page out of <see cref="RenderQueue"/>: it streams, waits on something slow, or must answer when the queue cannot.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotQueuedAttribute : Attribute;

/// <summary>
/// Admission control for page renders (issue 20, decision 158). A render is CPU: with 16 of them in flight on
/// two cores the scheduler slices them all, each takes as long as the slowest, and the garbage collector walks
/// what all of them hold. Here at most <see cref="RenderQueueOptions.Permits"/> run at once and the rest wait,
/// oldest first, so a request's time is its wait plus one unshared render. Only Razor page endpoints marked by
/// <see cref="Convention"/> wait, and only their GET and HEAD requests; static files, the webhook, health, metrics, JSON endpoints, the live hub,
/// Hangfire, kept list pages (answered before this) and the handlers that stream a file or build a PDF never do.
/// </summary>
public sealed partial class RenderQueue : IDisposable
{
    /// <summary>Handlers that stream a file or build a document: long, and they would hold a permit throughout.</summary>
    private static readonly string[] StreamingHandlers = ["Export", "Csv", "Pdf"];

    private readonly ConcurrencyLimiter? _limiter;
    private readonly string _retryAfter;
    private readonly ILogger<RenderQueue> _logger;

    public RenderQueue(IOptions<RenderQueueOptions> options, ILogger<RenderQueue> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _retryAfter = Math.Max(1, settings.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        if (settings.Permits > 0)
        {
            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.Permits,
                QueueLimit = Math.Max(0, settings.QueueLimit),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
    }

    /// <summary>What a page endpoint carries when its renders wait in this queue.</summary>
    public sealed class Queued
    {
        public static readonly Queued Instance = new();

        private Queued()
        {
        }
    }

    /// <summary>Marks every page whose model is not <see cref="NotQueuedAttribute"/>.</summary>
    public sealed class Convention : IPageApplicationModelConvention
    {
        public void Apply(PageApplicationModel model)
        {
            if (!model.HandlerType.IsDefined(typeof(NotQueuedAttribute), inherit: false))
            {
                model.EndpointMetadata.Add(Queued.Instance);
            }
        }
    }

    /// <summary>Renders waiting for a permit now (for tests and diagnostics).</summary>
    public long Waiting => _limiter?.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Permits free now.</summary>
    public long Free => _limiter?.GetStatistics()?.CurrentAvailablePermits ?? long.MaxValue;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (_limiter is null || !IsQueued(context))
        {
            await next();
            return;
        }

        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync(1, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while waiting: nobody to answer.
            return;
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                LogQueueFull(_logger, context.Request.Path);
                await RejectAsync(context);
                return;
            }

            await next();
        }
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>Whether this request's render waits its turn.</summary>
    public static bool IsQueued(HttpContext context)
    {
        // A form's post reads its body (an upload can be slow on the client's side) and writes through to the
        // remote: it would hold a permit for as long as the network takes, and posts are few beside reads.
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<Queued>() is null)
        {
            return false;
        }

        var handler = context.Request.Query["handler"];
        return handler.Count == 0 || !StreamingHandlers.Contains(handler.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    private async Task RejectAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = _retryAfter;
        response.Headers.CacheControl = "no-store";
        // A body of its own: the error page would be one more render into the queue that is full.
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            TooManyRequestsPage.Html(
                "The app is busy",
                $"Too many pages are being prepared at once right now. Wait {_retryAfter} seconds, then try again.",
                "Nothing was lost.",
                SafeReturnUrl.Or(context.Request.PathBase + context.Request.Path + context.Request.QueryString),
                "Try again"),
            context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The render queue is full: {Path} answered 503")]
    private static partial void LogQueueFull(ILogger logger, PathString path);
}
