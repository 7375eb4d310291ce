using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Queries.GetUnreadCount;

/// <summary>
/// The header badge: how many of the signed-in user's notifications are unread. Cached per user until
/// one of theirs is added or read, and at most a minute (a write from another process).
/// </summary>
public sealed record GetUnreadCountQuery(bool Fresh = false) : ICachedQuery<int>
{
    private static readonly string[] Tags = [CacheTag.Notifications];

    public string CacheKey => "unread";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(1);

    public CacheScope Scope => CacheScope.PerUser;
}

public sealed class GetUnreadCountHandler(INotificationRepository notifications, ICurrentUser user) : IQueryHandler<GetUnreadCountQuery, int>
{
    public async ValueTask<int> Handle(GetUnreadCountQuery query, CancellationToken cancellationToken) =>
        user.UserId is { } id ? await notifications.CountUnreadAsync(id, cancellationToken) : 0;
}
