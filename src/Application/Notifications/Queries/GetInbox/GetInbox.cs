using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Notifications.Queries.GetInbox;

/// <summary>The signed-in user's notifications, newest first.</summary>
public sealed record GetInboxQuery(bool UnreadOnly, NotificationType? Type, int Page = 1, int Size = 25) : IQuery<InboxPage>;

public sealed class GetInboxValidator : AbstractValidator<GetInboxQuery>
{
    public GetInboxValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.Size).InclusiveBetween(1, 100);
    }
}

public sealed class GetInboxHandler(INotificationRepository notifications, ICurrentUser user, Phi.PhiGuard guard) : IQueryHandler<GetInboxQuery, InboxPage>
{
    public async ValueTask<InboxPage> Handle(GetInboxQuery query, CancellationToken cancellationToken)
    {
        var page = await notifications.GetInboxAsync(user.UserId ?? throw new ForbiddenAccessException(), query.UnreadOnly, query.Type, query.Page, query.Size, cancellationToken);
        return page with { Items = await guard.MaskAsync(page.Items, cancellationToken) };
    }
}
