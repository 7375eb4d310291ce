using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// The resilience pipeline of the Championship IT client, outermost first: a total timeout, up to two
/// retries (three attempts) with exponential backoff and jitter that honour <c>Retry-After</c>, a
/// circuit breaker, and a per-attempt timeout (an upload has one timeout of its own for both). GET and
/// PATCH are retried; POST only when it carries an Idempotency-Key, so a retried create can never create
/// twice; an upload from a stream that cannot be rewound is never retried.
/// </summary>
internal static class RemoteResilience
{
    public const string PipelineName = "championship-it";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxAttempts = 3;

    /// <summary>Set on a request by the client; the retry strategy counts into it.</summary>
    public static readonly HttpRequestOptionsKey<RetryCounter> RetryCounterKey = new("Ticketing.Remote.Retries");

    /// <summary>Set on an upload: the upload timeout replaces both the call's and the attempt's.</summary>
    public static readonly HttpRequestOptionsKey<bool> UploadKey = new("Ticketing.Remote.Upload");

    /// <summary>Set on a request whose body can be sent only once (a stream that cannot be rewound).</summary>
    public static readonly HttpRequestOptionsKey<bool> NotRepeatableKey = new("Ticketing.Remote.NotRepeatable");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, RemoteClientOptions options, ILogger logger)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            Name = "total-timeout",
            Timeout = options.TotalTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(TotalTimeoutFor(args.Context.GetRequestMessage(), options)),
        });

        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            Name = "retry",
            MaxRetryAttempts = MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(
                ShouldRetry(
                    args.Outcome,
                    args.Context.GetRequestMessage(),
                    TotalTimeoutFor(args.Context.GetRequestMessage(), options),
                    args.Context.CancellationToken.IsCancellationRequested)),
            OnRetry = args => OnRetry(args, logger),
        });

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "circuit-breaker",
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            // Long enough to see several slow attempts fail, whatever the attempt timeout.
            SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * options.AttemptTimeout.Ticks)),
            BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakerBreakSeconds),
        });

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            Name = "attempt-timeout",
            Timeout = options.AttemptTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(IsUpload(args.Context.GetRequestMessage()) ? options.UploadTimeout : options.AttemptTimeout),
        });
    }

    /// <summary>
    /// A whole call's time limit: the admin's request timeout from the integration settings the
    /// request carries, capped by the deployment's <see cref="RemoteClientOptions.TotalTimeout"/>.
    /// </summary>
    internal static TimeSpan TotalTimeoutFor(HttpRequestMessage? request, RemoteClientOptions options) =>
        IsUpload(request) ? options.UploadTimeout
        : request is not null
        && request.Options.TryGetValue(RemoteAuthenticationHandler.SettingsKey, out var settings)
        && settings.RequestTimeout is { } limit
        && limit < options.TotalTimeout
            ? limit
            : options.TotalTimeout;

    /// <summary>An upload is timed by <see cref="RemoteClientOptions.UploadTimeout"/>: 25 MiB takes longer than a call.</summary>
    internal static bool IsUpload(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(UploadKey, out var upload) && upload;

    /// <summary>Whether a failed attempt may be sent again.</summary>
    internal static bool ShouldRetry(
        Outcome<HttpResponseMessage> outcome,
        HttpRequestMessage? request,
        TimeSpan longestWait,
        bool cancelled)
    {
        // The caller's own cancellation (or the total timeout) is not a failure to retry.
        if (cancelled || !HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        if (request is null || !IsSafeToRepeat(request))
        {
            return false;
        }

        // A Retry-After longer than the whole call may take cannot be honoured: fail now and say so.
        return outcome.Result is not { } response || RetryAfter(response) is not { } wait || wait <= longestWait;
    }

    /// <summary>
    /// GET and PATCH are idempotent; a POST only with an Idempotency-Key the remote de-duplicates on;
    /// never a request whose body cannot be sent a second time.
    /// </summary>
    internal static bool IsSafeToRepeat(HttpRequestMessage request) =>
        !(request.Options.TryGetValue(NotRepeatableKey, out var once) && once)
        && (request.Method == HttpMethod.Get
        || request.Method == HttpMethod.Patch
        || (request.Method == HttpMethod.Post && request.Headers.Contains(IdempotencyKeyHeader)));

    /// <summary>The <c>Retry-After</c> of a response, as seconds or as a date.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args, ILogger logger)
    {
        var request = args.Context.GetRequestMessage();
        if (request is not null && request.Options.TryGetValue(RetryCounterKey, out var counter))
        {
            counter.Increment();
        }

        logger.LogWarning(
            "Championship IT {Method} {Path} failed ({Outcome}); retry {Retry} of {MaxRetries} in {DelayMs:F0} ms",
            request?.Method.Method,
            request?.RequestUri?.AbsolutePath,
            Describe(args.Outcome),
            args.AttemptNumber + 1,
            MaxAttempts - 1,
            args.RetryDelay.TotalMilliseconds);
        return ValueTask.CompletedTask;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? $"{(int)response.StatusCode} {(response.StatusCode == HttpStatusCode.TooManyRequests ? "Too Many Requests" : response.ReasonPhrase)}"
            : outcome.Exception?.GetType().Name ?? "unknown";
}

/// <summary>How many times one call was retried; read by the client for the sync log.</summary>
internal sealed class RetryCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
