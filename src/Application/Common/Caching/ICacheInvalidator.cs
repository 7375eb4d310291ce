namespace Ticketing.Application.Common.Caching;

/// <summary>Evicts cached answers when the data behind them changes.</summary>
public interface ICacheInvalidator
{
    /// <summary>
    /// Every answer carrying any of <paramref name="tags"/> is gone for every later read, including an
    /// answer whose load was still running when this was called. Call it after the change is committed.
    /// </summary>
    ValueTask InvalidateAsync(params string[] tags);
}

public static class CacheInvalidatorExtensions
{
    /// <summary>Invalidates the per-user <paramref name="tag"/> (<see cref="CacheTag.User"/>) of each of <paramref name="userIds"/>.</summary>
    public static ValueTask InvalidateForUsersAsync(this ICacheInvalidator invalidator, string tag, IEnumerable<string> userIds)
    {
        var tags = userIds.Distinct(StringComparer.Ordinal).Select(id => CacheTag.Of(tag, id)).ToArray();
        return tags.Length == 0 ? ValueTask.CompletedTask : invalidator.InvalidateAsync(tags);
    }
}
