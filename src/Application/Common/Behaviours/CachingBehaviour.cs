using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Common.Behaviours;

/// <summary>
/// Serves every <see cref="ICachedQuery{TResponse}"/> from HybridCache: the first sender runs the
/// handler, concurrent senders wait for that one load, later ones get its answer until the query's
/// duration passes or one of its tags is invalidated (<see cref="ICacheInvalidator"/>). A fresh query
/// skips the read and stores what it loaded. The innermost behaviour: a cached answer is only handed
/// to a request that passed validation and authorization like any other.
/// </summary>
public sealed class CachingBehaviour<TMessage, TResponse>(HybridCache cache, CacheInvalidator invalidator, ICurrentUser user)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICachedQuery<TResponse>
{
    private const HybridCacheEntryFlags SkipCacheReads = HybridCacheEntryFlags.DisableLocalCacheRead | HybridCacheEntryFlags.DisableDistributedCacheRead;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!CachedQueryKey.TryGet(message, invalidator, user, out var key, out var tags))
        {
            // Nobody to key the answer by, so nobody it may be shared with.
            return await next(message, cancellationToken);
        }

        var options = new HybridCacheEntryOptions
        {
            Expiration = message.CacheDuration,
            LocalCacheExpiration = message.CacheDuration,
            Flags = message.Fresh ? SkipCacheReads : null,
        };

        // Not cancellable, on purpose. Other senders may be waiting for this load, and HybridCache
        // would move a cancellable one to a thread-pool item without this request's flow: its handler
        // would lose the signed-in user and run on after this request's scope is disposed. Here it runs
        // in this request's flow and scope, and a bounded read finishes even when the request is gone.
        return await cache.GetOrCreateAsync(
            key,
            (message, next),
            static (state, _) => state.next(state.message, CancellationToken.None),
            options,
            tags,
            CancellationToken.None);
    }
}
