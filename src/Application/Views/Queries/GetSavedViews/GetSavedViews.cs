using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Queries.GetSavedViews;

/// <summary>The signed-in user's saved views, by name; nobody else's.</summary>
public sealed record GetSavedViewsQuery : IQuery<IReadOnlyList<SavedViewSummary>>;

public sealed class GetSavedViewsHandler(ISavedViewRepository views, ICurrentUser user)
    : IQueryHandler<GetSavedViewsQuery, IReadOnlyList<SavedViewSummary>>
{
    public async ValueTask<IReadOnlyList<SavedViewSummary>> Handle(GetSavedViewsQuery query, CancellationToken cancellationToken)
    {
        if (user.UserId is not { } userId)
        {
            return [];
        }

        var list = await views.ListAsync(userId, cancellationToken);
        return [.. list.Select(SavedViewSummary.From)];
    }
}
