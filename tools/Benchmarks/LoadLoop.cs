using System.Diagnostics;
using System.Net;
using Npgsql;

namespace Ticketing.Benchmarks;

/// <summary>What a closed-loop load run saw: every latency, the count of good and bad answers.</summary>
public sealed record LoadResult(int Succeeded, int Failed, TimeSpan Elapsed, LatencyStats Latency, string? FirstFailure)
{
    public double RequestsPerSecond => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>Percentiles over every recorded latency (exact: all samples are kept and sorted).</summary>
public sealed record LatencyStats(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencyStats From(List<double> samplesMs)
    {
        if (samplesMs.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        samplesMs.Sort();
        return new LatencyStats(samplesMs.Count, At(samplesMs, 0.50), At(samplesMs, 0.95), At(samplesMs, 0.99), samplesMs[^1]);
    }

    private static double At(List<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// An honest closed-loop load generator: <c>connections</c> workers, each with one request in flight
/// at a time over a shared <see cref="SocketsHttpHandler"/> (one connection per worker), for a fixed
/// duration. Latency is from sending the request to having read the whole body.
/// </summary>
public static class LoadLoop
{
    /// <summary>
    /// Calls <paramref name="send"/> with request numbers 0, 1, 2 … from every worker until the duration
    /// is up (or <paramref name="more"/> says there is no request <c>n</c>); <paramref name="send"/> returns
    /// null when the request succeeded, else why not.
    /// </summary>
    public static Task<LoadResult> RunAsync(
        int connections,
        TimeSpan duration,
        Func<HttpClient, long, CancellationToken, Task<string?>> send,
        HttpClient client,
        Func<long, bool>? more = null) =>
        RunWorkersAsync(connections, duration, (_, n, token) => send(client, n, token), more);

    /// <summary>
    /// The same closed loop over any work: <paramref name="send"/> gets the worker's number (0 …
    /// <paramref name="connections"/> − 1, so a worker can hold its own connection) and the request number.
    /// </summary>
    public static async Task<LoadResult> RunWorkersAsync(
        int connections,
        TimeSpan duration,
        Func<int, long, CancellationToken, Task<string?>> send,
        Func<long, bool>? more = null)
    {
        var next = -1L;
        var succeeded = 0;
        var failed = 0;
        string? firstFailure = null;
        var perWorker = new List<double>[connections];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var samples = perWorker[w] = new List<double>(capacity: 16_384);
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                if (more is not null && !more(n))
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    // The request itself is not cancelled at the deadline: a started request is finished and counted.
                    failure = await send(w, n, CancellationToken.None);
                }
                catch (Exception ex) when (ex is HttpRequestException or NpgsqlException)
                {
                    failure = ex.Message;
                }

                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (failure is null)
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
            }
        })).ToArray();

        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        return new LoadResult(succeeded, failed, elapsed, LatencyStats.From([.. perWorker.SelectMany(s => s)]), firstFailure);
    }

    /// <summary>A client for load: one pooled connection per worker, no cookies of its own, no redirects followed.</summary>
    /// <param name="baseUrl">The app.</param>
    /// <param name="connections">The pool's size (one per worker).</param>
    /// <param name="cookies">Kept and updated as a browser keeps them (a renewed auth cookie replaces the old); null: none.</param>
    public static HttpClient CreateClient(Uri baseUrl, int connections, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
