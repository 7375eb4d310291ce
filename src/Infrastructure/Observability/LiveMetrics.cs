using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ticketing.Infrastructure.Observability;

/// <summary>
/// Listens to <see cref="TicketingMetrics"/> in process and keeps running totals since the app
/// started, so the Monitoring page can show the figures <c>/metrics</c> exports without scraping it.
/// </summary>
public sealed class LiveMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, EndpointTotals> _endpoints = new(StringComparer.Ordinal);
    private long _webhooksAccepted;
    private long _webhooksRejected;
    private long _statsLookups;
    private long _statsMisses;
    private long _syncRuns;
    private long _syncFailures;

    public LiveMetrics(TimeProvider clock)
    {
        Since = clock.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TicketingMetrics.MeterName && instrument.Name != TicketingMetrics.TicketsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.Start();
    }

    public DateTimeOffset Since { get; }

    public long WebhooksAccepted => Interlocked.Read(ref _webhooksAccepted);

    public long WebhooksRejected => Interlocked.Read(ref _webhooksRejected);

    public long StatsCacheLookups => Interlocked.Read(ref _statsLookups);

    public long StatsCacheMisses => Interlocked.Read(ref _statsMisses);

    public long SyncRuns => Interlocked.Read(ref _syncRuns);

    public long SyncFailures => Interlocked.Read(ref _syncFailures);

    /// <summary>Per endpoint: attempts, failed attempts and their total duration in seconds.</summary>
    public IReadOnlyList<(string Endpoint, long Calls, long Errors, double TotalSeconds)> RemoteEndpoints() =>
        [.. _endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Calls, e.Value.Errors, e.Value.TotalSeconds))];

    public void Dispose() => _listener.Dispose();

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case TicketingMetrics.WebhookMessagesName:
                if (Tag(tags, "outcome") == "accepted")
                {
                    Interlocked.Add(ref _webhooksAccepted, value);
                }
                else
                {
                    Interlocked.Add(ref _webhooksRejected, value);
                }

                break;
            case TicketingMetrics.StatsCacheLookupsName:
                Interlocked.Add(ref _statsLookups, value);
                break;
            case TicketingMetrics.StatsCacheMissesName:
                Interlocked.Add(ref _statsMisses, value);
                break;
            case TicketingMetrics.SyncRunsName:
                Interlocked.Add(ref _syncRuns, value);
                break;
            case TicketingMetrics.SyncFailuresName:
                Interlocked.Add(ref _syncFailures, value);
                break;
            case TicketingMetrics.RemoteErrorsName:
                _endpoints.GetOrAdd(Tag(tags, "endpoint") ?? "other", _ => new EndpointTotals()).AddError();
                break;
        }
    }

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == TicketingMetrics.RemoteDurationName)
        {
            _endpoints.GetOrAdd(Tag(tags, "endpoint") ?? "other", _ => new EndpointTotals()).AddCall(value);
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private sealed class EndpointTotals
    {
        private readonly Lock _gate = new();

        public long Calls { get; private set; }

        public long Errors { get; private set; }

        public double TotalSeconds { get; private set; }

        public void AddCall(double seconds)
        {
            lock (_gate)
            {
                Calls++;
                TotalSeconds += seconds;
            }
        }

        public void AddError()
        {
            lock (_gate)
            {
                Errors++;
            }
        }
    }
}
