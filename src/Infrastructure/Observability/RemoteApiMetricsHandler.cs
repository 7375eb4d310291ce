using System.Diagnostics;
using System.Globalization;

namespace Ticketing.Infrastructure.Observability;

/// <summary>
/// Times each attempt of a request to Championship IT (it sits inside the retries) and records it by
/// endpoint: the method and the path's shape (<c>GET tickets/{id}</c>), never the id or the query, so
/// the number of series stays small and no ticket data reaches the metrics.
/// </summary>
internal sealed class RemoteApiMetricsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            TicketingMetrics.RemoteRequest(endpoint, status.ToString(CultureInfo.InvariantCulture), status >= 400, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception ex)
        {
            // A cancelled attempt (per-attempt timeout, or the caller gave up) is a failed attempt too.
            TicketingMetrics.RemoteRequest(endpoint, ex.GetType().Name, failed: true, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary><c>GET tickets</c>, <c>GET tickets/stats</c>, <c>PATCH tickets/{id}</c>, <c>GET tickets/{id}/comments</c>, or <c>GET other</c>.</summary>
    internal static string Endpoint(HttpRequestMessage request)
    {
        var segments = (request.RequestUri?.AbsolutePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        // The first "tickets" is the collection: the base URL's own path comes before it.
        var at = Array.IndexOf(segments, "tickets");
        var shape = at < 0 ? "other"
            : segments.Length == at + 1 ? "tickets"
            : segments.Length == at + 2 ? (segments[at + 1] == "stats" ? "tickets/stats" : "tickets/{id}")
            : "tickets/{id}/" + segments[at + 2];
        return $"{request.Method.Method} {shape}";
    }
}
