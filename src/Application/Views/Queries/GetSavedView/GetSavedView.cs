using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Queries.GetSavedView;

/// <summary>One of the signed-in user's views or a shared view; another user's personal view is not found.</summary>
public sealed record GetSavedViewQuery(Guid Id) : IQuery<SavedViewSummary>;

public sealed class GetSavedViewHandler(ISavedViewRepository views, ICurrentUser user) : IQueryHandler<GetSavedViewQuery, SavedViewSummary>
{
    public async ValueTask<SavedViewSummary> Handle(GetSavedViewQuery query, CancellationToken cancellationToken)
    {
        var view = user.UserId is { } userId ? await views.FindVisibleAsync(userId, query.Id, cancellationToken) : null;
        return view is null ? throw new NotFoundException("Saved view", query.Id) : SavedViewSummary.From(view, user.UserId);
    }
}
