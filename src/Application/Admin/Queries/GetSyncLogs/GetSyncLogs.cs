using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Admin.Queries.GetSyncLogs;

/// <summary>
/// The sync log, newest first, filtered by type, status and a date range (days in the admin's zone,
/// both inclusive), with the last 30 days per day for the chart.
/// </summary>
public sealed record GetSyncLogsQuery(SyncType? Type, SyncStatus? Status, DateOnly? From, DateOnly? To, int Page = 1) : IQuery<SyncLogsView>, IAdminRequest
{
    public const int PageSize = 25;

    /// <summary>The admin's time zone (IANA id); set by the page, not bound from the request.</summary>
    public string? TimeZoneId { get; init; }
}

public sealed record SyncLogsView(AdminPage<SyncLogRow> Runs, IReadOnlyList<SyncDay> Days);

public sealed record SyncLogRow(
    Guid Id,
    SyncType Type,
    SyncStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    int RecordsProcessed,
    int RecordsFailed,
    string? ErrorMessage)
{
    public TimeSpan? Duration => CompletedAt is { } end ? end - StartedAt : null;

    public static SyncLogRow From(SyncLog log) =>
        new(log.Id, log.SyncType, log.Status, log.StartedAt, log.CompletedAt, log.RecordsProcessed, log.RecordsFailed, log.ErrorMessage);
}

public sealed class GetSyncLogsHandler(IAdminSyncLogReader logs, TimeProvider clock) : IQueryHandler<GetSyncLogsQuery, SyncLogsView>
{
    public async ValueTask<SyncLogsView> Handle(GetSyncLogsQuery query, CancellationToken cancellationToken)
    {
        var zone = AdminTime.Zone(query.TimeZoneId);
        var (from, to) = AdminTime.Ordered(query.From, query.To);
        var filter = new SyncLogFilter(query.Type, query.Status, AdminTime.StartOf(from, zone), AdminTime.EndOf(to, zone));
        var page = await logs.QueryAsync(filter, Math.Max(1, query.Page), GetSyncLogsQuery.PageSize, cancellationToken);
        return new SyncLogsView(
            new AdminPage<SyncLogRow>([.. page.Items.Select(SyncLogRow.From)], page.Page, page.Size, page.Total),
            await SyncHistory.LoadAsync(logs, zone, clock, cancellationToken));
    }
}
