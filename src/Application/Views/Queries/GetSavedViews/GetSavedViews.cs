using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Queries.GetSavedViews;

/// <summary>
/// The views the signed-in user can open: their own and the shared ones, by name. Cached per user
/// until a view changes (any user's: a shared view is everyone's), and at most 5 minutes.
/// </summary>
public sealed record GetSavedViewsQuery(bool Fresh = false) : ICachedQuery<SavedViewList>
{
    private static readonly string[] Tags = [CacheTag.Views];

    public string CacheKey => "visible";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

    public CacheScope Scope => CacheScope.PerUser;
}

/// <summary>The views, personal ones first within each name order.</summary>
[ImmutableObject(true)]
public sealed record SavedViewList(IReadOnlyList<SavedViewSummary> Views)
{
    public static SavedViewList Empty { get; } = new([]);

    public IEnumerable<SavedViewSummary> Personal => Views.Where(v => !v.IsShared);

    public IEnumerable<SavedViewSummary> Shared => Views.Where(v => v.IsShared);
}

public sealed class GetSavedViewsHandler(ISavedViewRepository views, ICurrentUser user)
    : IQueryHandler<GetSavedViewsQuery, SavedViewList>
{
    public async ValueTask<SavedViewList> Handle(GetSavedViewsQuery query, CancellationToken cancellationToken)
    {
        if (user.UserId is not { } userId)
        {
            return SavedViewList.Empty;
        }

        var list = await views.ListVisibleAsync(userId, cancellationToken);
        return new SavedViewList([.. list.Select(v => SavedViewSummary.From(v, userId))]);
    }
}
