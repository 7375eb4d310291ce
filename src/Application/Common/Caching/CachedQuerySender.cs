using System.Collections.Concurrent;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Common.Caching;

/// <summary>
/// The <see cref="ISender"/> pages and endpoints get. A cached query whose answer is already kept is answered
/// with one cache look-up, before the mediator resolves its handler (with the handler's repositories and database
/// context) and the five behaviours, only for <see cref="Behaviours.CachingBehaviour{TMessage,TResponse}"/> to hand
/// back that same answer: a signed-in list page sends about eight such queries. Everything else, and every miss,
/// goes through the mediator unchanged.
/// </summary>
/// <remarks>
/// Answered here only when the pipeline would let the query through unchecked: not an admin or system request
/// (the authorization behaviour decides those), no validator (a kept answer was stored by a valid query, but this
/// one's values are not checked here), not <see cref="ICachedQuery{TResponse}.Fresh"/>, and an answer of a reference
/// type (a miss reads as null; a kept <c>false</c> or <c>0</c> could not be told apart from one).
/// </remarks>
public sealed class CachedQuerySender(IMediator mediator, HybridCache cache, CacheInvalidator invalidator, ICurrentUser user, IServiceProviderIsService services)
    : ISender
{
    private const HybridCacheEntryFlags PeekFlags =
        HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite;

    private static readonly HybridCacheEntryOptions PeekOnly = new() { Flags = PeekFlags };

    private static readonly ConcurrentDictionary<Type, bool> Answerable = new();

    public ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) =>
        query is ICachedQuery<TResponse> cached && !cached.Fresh && IsAnswerable<TResponse>(query.GetType())
            ? SendCachedAsync(cached, cancellationToken)
            : mediator.Send(query, cancellationToken);

    public ValueTask<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        mediator.Send(request, cancellationToken);

    public ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default) =>
        mediator.Send(command, cancellationToken);

    public ValueTask<object?> Send(object message, CancellationToken cancellationToken = default) =>
        mediator.Send(message, cancellationToken);

    public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamQuery<TResponse> query, CancellationToken cancellationToken = default) =>
        mediator.CreateStream(query, cancellationToken);

    public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        mediator.CreateStream(request, cancellationToken);

    public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamCommand<TResponse> command, CancellationToken cancellationToken = default) =>
        mediator.CreateStream(command, cancellationToken);

    public IAsyncEnumerable<object?> CreateStream(object message, CancellationToken cancellationToken = default) =>
        mediator.CreateStream(message, cancellationToken);

    private async ValueTask<TResponse> SendCachedAsync<TResponse>(ICachedQuery<TResponse> query, CancellationToken cancellationToken)
    {
        if (CachedQueryKey.TryGet(query, invalidator, user, out var key, out _))
        {
            // A look-up only: a miss neither loads nor stores, and reads as null (the answer's type is a reference type).
            var kept = await cache.GetOrCreateAsync(key, static _ => ValueTask.FromResult(default(TResponse)!), PeekOnly, cancellationToken: CancellationToken.None);
            if (kept is not null)
            {
                return kept;
            }
        }

        return await mediator.Send(query, cancellationToken);
    }

    private bool IsAnswerable<TResponse>(Type queryType) =>
        Answerable.GetOrAdd(queryType, static (type, state) =>
            !typeof(TResponse).IsValueType
            && !typeof(IAdminRequest).IsAssignableFrom(type)
            && !typeof(ISystemRequest).IsAssignableFrom(type)
            && !state.IsService(typeof(IValidator<>).MakeGenericType(type)),
            services);
}
