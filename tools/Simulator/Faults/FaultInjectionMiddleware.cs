using System.Globalization;
using Ticketing.Simulator.Api;

namespace Ticketing.Simulator.Faults;

/// <summary>
/// Runs in front of the contract endpoints only: counts the request, adds latency, then maybe
/// answers with a fault instead of the API. Admin endpoints never pass through here, so a test can
/// always reach <c>/_sim</c> to turn faults off again.
/// </summary>
public sealed class FaultInjectionMiddleware(
    RequestDelegate next, FaultController faults, SimulatorCounters counters, IHostApplicationLifetime lifetime)
{
    private static readonly (int Status, string Code, string Message)[] ServerErrors =
    [
        (StatusCodes.Status500InternalServerError, "internal_error", "Injected fault: internal server error."),
        (StatusCodes.Status502BadGateway, "bad_gateway", "Injected fault: bad gateway."),
        (StatusCodes.Status503ServiceUnavailable, "service_unavailable", "Injected fault: service unavailable."),
        (StatusCodes.Status504GatewayTimeout, "gateway_timeout", "Injected fault: gateway timeout."),
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        counters.CountRequest();
        var settings = faults.Current;
        var random = Random.Shared;

        var delay = settings.LatencyMs + (Roll(random, settings.LatencySpikeRate) ? settings.LatencySpikeMs : 0);
        if (delay > 0 && !await WaitAsync(TimeSpan.FromMilliseconds(delay), context))
        {
            return;
        }

        if (settings.Down)
        {
            counters.CountFault();
            await ApiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "service_unavailable", "The remote is down (simulated).");
            return;
        }

        if (Roll(random, settings.HangRate))
        {
            // Never answer: the client's timeout is what ends this request.
            counters.CountFault();
            await WaitAsync(Timeout.InfiniteTimeSpan, context);
            return;
        }

        if (Roll(random, settings.ResetRate))
        {
            // The connection is cut before any answer: the client sees a reset, not a status code.
            counters.CountFault();
            context.Abort();
            return;
        }

        if (Roll(random, settings.RateLimitRate))
        {
            counters.CountFault();
            context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests; retry after the Retry-After delay.");
            return;
        }

        if (Roll(random, settings.ErrorRate))
        {
            counters.CountFault();
            var (status, code, message) = ServerErrors[random.Next(ServerErrors.Length)];
            await ApiErrors.WriteAsync(context, status, code, message);
            return;
        }

        await next(context);
    }

    private static bool Roll(Random random, double rate) => rate > 0 && random.NextDouble() < rate;

    /// <summary>False when the client went away or the simulator is stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(delay, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
