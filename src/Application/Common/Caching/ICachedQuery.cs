using Mediator;

namespace Ticketing.Application.Common.Caching;

/// <summary>
/// A query whose answer the caching behaviour keeps and hands to later senders, until
/// <see cref="CacheDuration"/> has passed or one of <see cref="CacheTags"/> is invalidated. The answer
/// must be immutable (a sealed record marked <c>[ImmutableObject(true)]</c>): every hit hands out the
/// same instance.
/// </summary>
public interface ICachedQuery<TResponse> : IQuery<TResponse>
{
    /// <summary>
    /// What tells two answers of this query apart (its parameters; a constant when it has none). The
    /// behaviour adds the query's type, the tags' version and, for <see cref="CacheScope.PerUser"/>, the user.
    /// </summary>
    string CacheKey { get; }

    /// <summary>
    /// The data the answer is computed from (<see cref="CacheTag"/>): a change to any of them evicts it.
    /// In a <see cref="CacheScope.PerUser"/> query, <see cref="CacheTag.User"/> in a tag stands for the sender.
    /// </summary>
    IReadOnlyList<string> CacheTags { get; }

    /// <summary>The longest an answer is served: the bound on staleness that invalidation cannot see (time, other processes).</summary>
    TimeSpan CacheDuration { get; }

    CacheScope Scope { get; }

    /// <summary>Reads the source instead of the cache, and keeps what it read for the next senders.</summary>
    bool Fresh { get; }
}

/// <summary>Who may be handed a cached answer.</summary>
public enum CacheScope
{
    /// <summary>The same for everyone: one entry serves every user.</summary>
    Shared,

    /// <summary>One entry per signed-in user, never served to another; not cached without a user.</summary>
    PerUser,
}
