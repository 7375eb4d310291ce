using System.ComponentModel;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTickets;

namespace Ticketing.Application.Tickets.Queries.GetListCounts;

/// <summary>
/// The live counts beside the list's presets and the user's views (their own and the shared ones):
/// one statement for all of them, whatever their number. Cached per user ("My open" and the personal
/// views are theirs) until a ticket or a view changes, and at most 30 s, as overdue and at-risk
/// counts move with the clock alone.
/// </summary>
public sealed record GetListCountsQuery(bool Fresh = false) : ICachedQuery<ListCounts>
{
    private static readonly string[] Tags = [CacheTag.Tickets, CacheTag.Views];

    public string CacheKey => "all";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromSeconds(30);

    public CacheScope Scope => CacheScope.PerUser;
}

/// <summary>
/// Counts by preset key (<see cref="ListPreset.Key"/>) and by view id. A null count means the filter
/// cannot apply to this user ("My open" for a user not linked to a Championship IT agent).
/// </summary>
[ImmutableObject(true)]
public sealed record ListCounts(IReadOnlyDictionary<string, int?> Presets, IReadOnlyDictionary<Guid, int?> Views)
{
    public static ListCounts Empty { get; } = new(new Dictionary<string, int?>(), new Dictionary<Guid, int?>());
}

public sealed class GetListCountsHandler(
    ITicketCountReader counter,
    ISavedViewRepository views,
    ICurrentUser user,
    IOptions<SlaOptions> sla,
    TimeProvider clock)
    : IQueryHandler<GetListCountsQuery, ListCounts>
{
    public async ValueTask<ListCounts> Handle(GetListCountsQuery query, CancellationToken cancellationToken)
    {
        var visible = user.UserId is { } userId ? await views.ListVisibleAsync(userId, cancellationToken) : [];

        // Filters that cannot match for this user are not sent: their count is null, not a zero.
        var wanted = new List<(string? Preset, Guid? View, TicketFilter? Filter)>();
        wanted.AddRange(ListPresets.All.Select(p => ((string?)p.Key, (Guid?)null, TicketFilters.ResolveForUser(p.Filter, user))));
        wanted.AddRange(visible.Select(v => ((string?)null, (Guid?)v.Id, TicketFilters.ResolveForUser(TicketListAddress.Parse(v.QueryString).Filter, user))));

        var filters = wanted.Where(w => w.Filter is not null).Select(w => w.Filter!).ToList();
        var counts = filters.Count == 0 ? [] : await counter.CountAsync(filters, clock.GetUtcNow(), sla.Value.AtRiskWindow, cancellationToken);

        var presets = new Dictionary<string, int?>(StringComparer.Ordinal);
        var viewCounts = new Dictionary<Guid, int?>();
        var next = 0;
        foreach (var (preset, view, filter) in wanted)
        {
            int? count = filter is null ? null : counts[next++];
            if (preset is not null)
            {
                presets[preset] = count;
            }
            else
            {
                viewCounts[view!.Value] = count;
            }
        }

        return new ListCounts(presets, viewCounts);
    }
}
