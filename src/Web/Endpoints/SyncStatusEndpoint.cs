using Mediator;
using Ticketing.Application.Sync;
using Ticketing.Application.Sync.Queries.GetSyncStatus;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sync;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Endpoints;

/// <summary><c>GET /sync/status</c>: the live state of syncing, polled by the "Sync now" panel.</summary>
public static class SyncStatusEndpoint
{
    public sealed record RunJson(string Type, string Status, bool Full, int RecordsProcessed, int RecordsFailed, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, string? ErrorMessage);

    public sealed record StatusJson(
        bool IsConfigured,
        RunJson? Running,
        RunJson? LastFinished,
        DateTimeOffset? LastSuccessfulSync,
        string? LastSuccessfulSyncText,
        string? LastSuccessfulSyncExact);

    public static IEndpointRouteBuilder MapSyncStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sync/status", async (ISender sender, UserTime time, CancellationToken ct) =>
            {
                var status = await sender.Send(new GetSyncStatusQuery(), ct);
                return Results.Json(ToJson(status, time));
            })
            .RequireAuthorization();
        return app;
    }

    public static StatusJson ToJson(SyncStatusView status, UserTime time) =>
        new(
            status.IsConfigured,
            ToJson(status.Running),
            ToJson(status.LastFinished),
            status.LastSuccessfulSync,
            status.LastSuccessfulSync is { } at ? time.Relative(at) : null,
            status.LastSuccessfulSync is { } exact ? time.Exact(exact) : null);

    private static RunJson? ToJson(SyncRunView? run) =>
        run is null
            ? null
            : new RunJson(WireName<SyncType>.Of(run.Type), WireName<SyncStatus>.Of(run.Status), run.Full, run.RecordsProcessed,
                run.RecordsFailed, run.StartedAt, run.CompletedAt, run.ErrorMessage);
}
