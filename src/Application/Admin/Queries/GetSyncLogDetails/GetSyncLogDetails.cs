using System.Text.Json;
using Mediator;
using Ticketing.Application.Admin.Queries.GetSyncLogs;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Admin.Queries.GetSyncLogDetails;

/// <summary>One sync run with its details: counts, pages, retries, duration and the records that failed and why.</summary>
public sealed record GetSyncLogDetailsQuery(Guid Id) : IQuery<SyncLogDetailsView>, IAdminRequest;

/// <param name="Run">The row itself.</param>
/// <param name="Details">A sync run's details; null for webhook rows and unreadable JSON.</param>
/// <param name="WebhookCounts">A webhook row's messages by event type.</param>
public sealed record SyncLogDetailsView(SyncLogRow Run, SyncDetails? Details, IReadOnlyList<KeyValuePair<string, long>> WebhookCounts);

public sealed class GetSyncLogDetailsHandler(IAdminSyncLogReader logs) : IQueryHandler<GetSyncLogDetailsQuery, SyncLogDetailsView>
{
    public async ValueTask<SyncLogDetailsView> Handle(GetSyncLogDetailsQuery query, CancellationToken cancellationToken)
    {
        var log = await logs.FindAsync(query.Id, cancellationToken) ?? throw new NotFoundException("Sync run", query.Id);
        var run = SyncLogRow.From(log);
        return log.SyncType == SyncType.Webhook
            ? new SyncLogDetailsView(run, null, WebhookCounts(log.DetailsJson))
            : new SyncLogDetailsView(run, SyncDetails.FromJson(log.DetailsJson), []);
    }

    /// <summary>A webhook row's details are counts by event type (<c>{"ticket.updated": 12}</c>).</summary>
    private static List<KeyValuePair<string, long>> WebhookCounts(string json)
    {
        var counts = new List<KeyValuePair<string, long>>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return counts;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var count))
                {
                    counts.Add(new(property.Name, count));
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable details are shown as none; the row's own counts still stand.
        }

        return [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal)];
    }
}
