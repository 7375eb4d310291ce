using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Queries.GetSavedViews;

/// <summary>
/// The signed-in user's saved views, by name; nobody else's. Cached per user until they save, rename or
/// delete one, and at most 5 minutes.
/// </summary>
public sealed record GetSavedViewsQuery(bool Fresh = false) : ICachedQuery<SavedViewList>
{
    private static readonly string[] Tags = [CacheTag.SavedViews];

    public string CacheKey => "all";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

    public CacheScope Scope => CacheScope.PerUser;
}

/// <summary>A user's saved views, by name.</summary>
[ImmutableObject(true)]
public sealed record SavedViewList(IReadOnlyList<SavedViewSummary> Items);

public sealed class GetSavedViewsHandler(ISavedViewRepository views, ICurrentUser user)
    : IQueryHandler<GetSavedViewsQuery, SavedViewList>
{
    public async ValueTask<SavedViewList> Handle(GetSavedViewsQuery query, CancellationToken cancellationToken)
    {
        if (user.UserId is not { } userId)
        {
            return new SavedViewList([]);
        }

        var list = await views.ListAsync(userId, cancellationToken);
        return new SavedViewList([.. list.Select(SavedViewSummary.From)]);
    }
}
