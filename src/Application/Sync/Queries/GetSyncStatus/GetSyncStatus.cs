using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sync.Queries.GetSyncStatus;

/// <summary>
/// The sync run in progress (with its live counts) and the last successful sync: the header's banner and
/// the sync panel on every page. Cached for everyone until a sync log or the settings row changes, and at
/// most 15 seconds (a sync run by another process, the <c>sync</c> command).
/// </summary>
public sealed record GetSyncStatusQuery(bool Fresh = false) : ICachedQuery<SyncStatusView>
{
    private static readonly string[] Tags = [CacheTag.SyncState];

    public string CacheKey => "current";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromSeconds(15);

    public CacheScope Scope => CacheScope.Shared;
}

[ImmutableObject(true)]
public sealed record SyncStatusView(
    bool IsConfigured,
    SyncRunView? Running,
    SyncRunView? LastFinished,
    DateTimeOffset? LastSuccessfulSync)
{
    /// <summary>
    /// The latest sync failed and nothing succeeded since: pages say they show cached data.
    /// </summary>
    public bool RemoteUnreachable =>
        LastFinished is { Status: Domain.Sync.SyncStatus.Failed } failed
        && (LastSuccessfulSync is null || LastSuccessfulSync < failed.StartedAt);
}

public sealed class GetSyncStatusHandler(ISyncLogRepository logs, ISystemConfigRepository configs)
    : IQueryHandler<GetSyncStatusQuery, SyncStatusView>
{
    public async ValueTask<SyncStatusView> Handle(GetSyncStatusQuery query, CancellationToken cancellationToken)
    {
        var running = await logs.GetRunningAsync(cancellationToken);
        var last = await logs.GetLatestFinishedAsync(cancellationToken);
        var config = await configs.GetAsync(cancellationToken);
        return new SyncStatusView(
            config is not null,
            running is null ? null : SyncRunView.From(running, IsFull(running.DetailsJson)),
            last is null ? null : SyncRunView.From(last, IsFull(last.DetailsJson)),
            config?.LastSuccessfulSync);
    }

    private static bool IsFull(string json) => SyncDetails.FromJson(json)?.Mode == "full";
}
