using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Queries.GetUnreadCount;

/// <summary>
/// The header badge: how many of the signed-in user's notifications are unread. Cached per user until
/// one of theirs is added or read, and at most a minute (a write from another process).
/// </summary>
public sealed record GetUnreadCountQuery(bool Fresh = false) : ICachedQuery<UnreadCount>
{
    private static readonly string[] Tags = [CacheTag.Notifications];

    public string CacheKey => "unread";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(1);

    public CacheScope Scope => CacheScope.PerUser;
}

/// <summary>
/// The count as an object, not an <c>int</c>: a kept answer is then told apart from a miss by a look-up alone, so every
/// page's header gets it without the mediator building the handler's repository and database context
/// (<see cref="Common.Caching.CachedQuerySender"/>).
/// </summary>
[ImmutableObject(true)]
public sealed record UnreadCount(int Value)
{
    public static UnreadCount None { get; } = new(0);
}

public sealed class GetUnreadCountHandler(INotificationRepository notifications, ICurrentUser user) : IQueryHandler<GetUnreadCountQuery, UnreadCount>
{
    public async ValueTask<UnreadCount> Handle(GetUnreadCountQuery query, CancellationToken cancellationToken) =>
        user.UserId is { } id && await notifications.CountUnreadAsync(id, cancellationToken) is var count and > 0 ? new UnreadCount(count) : UnreadCount.None;
}
