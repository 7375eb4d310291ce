using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Common.Caching;

/// <summary>
/// Where a cached query's answer is kept: the query's type and key, the version of its tags and, per user,
/// the sender. One function for the caching behaviour, which stores answers, and <see cref="CachedQuerySender"/>,
/// which looks them up before the pipeline runs.
/// </summary>
public static class CachedQueryKey
{
    /// <summary>
    /// The key and the tags (per-user tags with the sender's id) of <paramref name="message"/>; false for a
    /// per-user query without a signed-in user, whose answer is never kept.
    /// </summary>
    public static bool TryGet<TResponse>(
        ICachedQuery<TResponse> message, CacheInvalidator invalidator, ICurrentUser user, out string key, out IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(invalidator);
        ArgumentNullException.ThrowIfNull(user);
        tags = message.CacheTags;
        string? perUser = null;
        if (message.Scope == CacheScope.PerUser)
        {
            if (user.UserId is not { } userId)
            {
                key = "";
                return false;
            }

            tags = [.. tags.Select(tag => CacheTag.Of(tag, userId))];
            perUser = ":user:" + userId;
        }

        key = $"{message.GetType().FullName}:{message.CacheKey}:v{invalidator.VersionOf(tags)}{perUser}";
        return true;
    }
}
