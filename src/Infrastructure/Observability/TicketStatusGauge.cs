using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Observability;

/// <summary>
/// <c>ticketing.tickets</c>: the cached tickets by status, read from <see cref="TicketAggregateReader"/>
/// (one index-only count) when a scrape asks and kept for <see cref="CacheFor"/>, so frequent scrapes
/// do not load the database. Kept here rather than by the caching behaviour: an observable
/// instrument's callback is synchronous.
/// </summary>
public sealed class TicketStatusGauge
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan CountTimeout = TimeSpan.FromSeconds(5);

    private readonly TicketAggregateReader _aggregates;
    private readonly TimeProvider _clock;
    private readonly ILogger<TicketStatusGauge> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<(string Status, long Count)> _counts = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public TicketStatusGauge(IMeterFactory meters, TicketAggregateReader aggregates, TimeProvider clock, ILogger<TicketStatusGauge> logger)
    {
        _aggregates = aggregates;
        _clock = clock;
        _logger = logger;
        // The factory owns (and disposes) the meter; it shares the name of the static instruments' meter.
        var meter = meters.Create(TicketingMetrics.MeterName);
        meter.CreateObservableGauge(TicketingMetrics.TicketsName, Observe, "{ticket}", "Cached tickets (not deleted), by status; read at most every 30 s.");
    }

    /// <summary>The counts by status, from the cache when fresh enough.</summary>
    public IReadOnlyList<(string Status, long Count)> Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _readAt < CacheFor)
            {
                return _counts;
            }

            try
            {
                // Synchronous: an observable instrument's callback cannot await. One indexed count per 30 s.
                var counts = _aggregates.ReadCounts(CountTimeout);
                // Every status, zeros included, so no series disappears while a status has no tickets.
                _counts = [.. Enum.GetValues<TicketStatus>().Select(s =>
                    (WireName<TicketStatus>.Of(s), counts.Where(c => c.Status == s).Sum(c => (long)c.Count)))];
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The last figures stay; the readiness check reports the database itself.
                _logger.LogWarning("Could not count the tickets by status for the metrics: {Error}", ex.GetType().Name);
            }

            _readAt = now;
            return _counts;
        }
    }

    private IEnumerable<Measurement<long>> Observe() =>
        Read().Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("status", c.Status)));
}
