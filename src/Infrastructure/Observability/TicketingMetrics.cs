using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Observability;

/// <summary>
/// The app's own instruments, on the <see cref="MeterName"/> meter that <c>/metrics</c> exports.
/// Static, so the code paths that record (the client, the webhook receiver) need one call and no
/// constructor change; the values are process-wide, as a scrape of this process means.
/// </summary>
public static class TicketingMetrics
{
    public const string MeterName = "Ticketing";

    public const string SyncRunsName = "ticketing.sync.runs";
    public const string SyncFailuresName = "ticketing.sync.failures";
    public const string SyncDurationName = "ticketing.sync.duration";
    public const string SyncRecordsName = "ticketing.sync.records";
    public const string RemoteDurationName = "ticketing.remote.request.duration";
    public const string RemoteErrorsName = "ticketing.remote.request.errors";
    public const string StatsCacheLookupsName = "ticketing.stats_cache.lookups";
    public const string StatsCacheMissesName = "ticketing.stats_cache.misses";
    public const string WebhookMessagesName = "ticketing.webhook.messages";
    public const string TicketsName = "ticketing.tickets";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> SyncRuns =
        Meter.CreateCounter<long>(SyncRunsName, "{run}", "Finished sync runs, by type and status.");

    private static readonly Counter<long> SyncFailures =
        Meter.CreateCounter<long>(SyncFailuresName, "{run}", "Sync runs that failed, by type.");

    private static readonly Histogram<double> SyncDuration =
        Meter.CreateHistogram<double>(SyncDurationName, "s", "How long finished sync runs took, by type and status.");

    private static readonly Counter<long> SyncRecords =
        Meter.CreateCounter<long>(SyncRecordsName, "{record}", "Records the sync stored (outcome=stored) or could not (outcome=failed).");

    private static readonly Histogram<double> RemoteDuration =
        Meter.CreateHistogram<double>(RemoteDurationName, "s", "Championship IT request attempts, by endpoint and outcome (status code or error).");

    private static readonly Counter<long> RemoteErrors =
        Meter.CreateCounter<long>(RemoteErrorsName, "{request}", "Championship IT request attempts that failed, by endpoint and outcome.");

    private static readonly Counter<long> StatsCacheLookups =
        Meter.CreateCounter<long>(StatsCacheLookupsName, "{lookup}", "Reads of the remote ticket stats, through the cache.");

    private static readonly Counter<long> StatsCacheMisses =
        Meter.CreateCounter<long>(StatsCacheMissesName, "{lookup}", "Reads of the remote ticket stats the cache could not answer.");

    private static readonly Counter<long> WebhookMessages =
        Meter.CreateCounter<long>(WebhookMessagesName, "{message}", "Webhook messages answered, by outcome (accepted, rejected) and status code.");

    /// <summary>Records a sync run that has just finished (success, partial or failed).</summary>
    public static void SyncFinished(SyncLog run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var type = new KeyValuePair<string, object?>("type", WireName<SyncType>.Of(run.SyncType));
        var status = new KeyValuePair<string, object?>("status", WireName<SyncStatus>.Of(run.Status));
        SyncRuns.Add(1, type, status);
        if (run.Status == SyncStatus.Failed)
        {
            SyncFailures.Add(1, type);
        }

        if (run.CompletedAt is { } completed)
        {
            SyncDuration.Record(Math.Max(0, (completed - run.StartedAt).TotalSeconds), type, status);
        }

        SyncRecords.Add(run.RecordsProcessed, type, new KeyValuePair<string, object?>("outcome", "stored"));
        SyncRecords.Add(run.RecordsFailed, type, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    /// <summary>One attempt of a request to Championship IT; <paramref name="outcome"/> is the status code or the error's name.</summary>
    public static void RemoteRequest(string endpoint, string outcome, bool failed, TimeSpan duration)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "outcome", outcome } };
        RemoteDuration.Record(duration.TotalSeconds, tags);
        if (failed)
        {
            RemoteErrors.Add(1, tags);
        }
    }

    /// <summary>A read of the remote stats through the cache.</summary>
    public static void StatsCacheLookup() => StatsCacheLookups.Add(1);

    /// <summary>A read of the remote stats that the cache could not answer (the factory ran).</summary>
    public static void StatsCacheMiss() => StatsCacheMisses.Add(1);

    /// <summary>The webhook endpoint's answer: 2xx accepted (duplicates and ignored types too), anything else rejected.</summary>
    public static void WebhookAnswered(int statusCode) =>
        WebhookMessages.Add(
            1,
            new KeyValuePair<string, object?>("outcome", statusCode is >= 200 and < 300 ? "accepted" : "rejected"),
            new KeyValuePair<string, object?>("status", statusCode));
}
