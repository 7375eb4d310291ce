using System.ComponentModel;
using System.Reflection;
using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Behaviours;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.UnitTests.Application;

/// <summary>The caching behaviour over a real (in-memory) HybridCache; the handler is a counter.</summary>
public sealed class CachingBehaviourTests : IDisposable
{
    private const string Things = "things";

    private readonly ServiceProvider _services;
    private readonly HybridCache _cache;
    private readonly CacheInvalidator _invalidator;
    private readonly ICurrentUser _user = Substitute.For<ICurrentUser>();
    private int _loads;

    public CachingBehaviourTests()
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        _services = services.BuildServiceProvider();
        _cache = _services.GetRequiredService<HybridCache>();
        _invalidator = new CacheInvalidator(_cache);
    }

    [ImmutableObject(true)]
    public sealed record Answer(int Load);

    public sealed record CountThings(string Key = "all", bool Fresh = false, CacheScope Scope = CacheScope.Shared, string Tag = Things)
        : ICachedQuery<Answer>
    {
        public string CacheKey => Key;

        public IReadOnlyList<string> CacheTags => [Tag];

        public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);
    }

    [Fact]
    public async Task A_second_send_is_answered_from_the_cache_without_running_the_handler()
    {
        var first = await SendAsync(new CountThings());
        var second = await SendAsync(new CountThings());

        _loads.ShouldBe(1);
        second.ShouldBeSameAs(first);
    }

    [Fact]
    public async Task Queries_with_different_keys_are_cached_apart()
    {
        var open = await SendAsync(new CountThings("open"));
        var closed = await SendAsync(new CountThings("closed"));

        _loads.ShouldBe(2);
        closed.ShouldNotBe(open);
        (await SendAsync(new CountThings("open"))).ShouldBeSameAs(open);
    }

    [Fact]
    public async Task Invalidating_a_tag_of_the_query_makes_the_next_send_run_the_handler()
    {
        await SendAsync(new CountThings());

        await _invalidator.InvalidateAsync(Things);
        var after = await SendAsync(new CountThings());

        _loads.ShouldBe(2);
        after.Load.ShouldBe(2);
        (await SendAsync(new CountThings())).ShouldBeSameAs(after);
    }

    [Fact]
    public async Task Invalidating_another_tag_keeps_the_answer()
    {
        var cached = await SendAsync(new CountThings());

        await _invalidator.InvalidateAsync("other things");

        (await SendAsync(new CountThings())).ShouldBeSameAs(cached);
        _loads.ShouldBe(1);
    }

    [Fact]
    public async Task A_load_that_began_before_an_invalidation_is_never_served_after_it()
    {
        var release = new TaskCompletionSource();
        var behaviour = Behaviour();
        var slow = behaviour.Handle(new CountThings(), async (_, _) =>
        {
            // Reads the data as it was before the change below, and stores it after.
            var load = Interlocked.Increment(ref _loads);
            await release.Task;
            return new Answer(load);
        }, CancellationToken.None);

        await _invalidator.InvalidateAsync(Things);
        release.SetResult();
        (await slow).Load.ShouldBe(1);
        var next = await SendAsync(new CountThings());

        next.Load.ShouldBe(2);
        _loads.ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_sends_share_one_load()
    {
        var release = new TaskCompletionSource();
        var behaviour = Behaviour();
        MessageHandlerDelegate<CountThings, Answer> slowHandler = async (_, _) =>
        {
            var load = Interlocked.Increment(ref _loads);
            await release.Task;
            return new Answer(load);
        };

        var first = behaviour.Handle(new CountThings(), slowHandler, CancellationToken.None);
        var second = Behaviour().Handle(new CountThings(), slowHandler, CancellationToken.None);
        release.SetResult();

        (await first).ShouldBeSameAs(await second);
        _loads.ShouldBe(1);
    }

    [Fact]
    public async Task A_fresh_send_reads_the_source_and_leaves_its_answer_for_the_next_sends()
    {
        await SendAsync(new CountThings());

        var fresh = await SendAsync(new CountThings(Fresh: true));
        var next = await SendAsync(new CountThings());

        fresh.Load.ShouldBe(2);
        next.ShouldBeSameAs(fresh);
        _loads.ShouldBe(2);
    }

    [Fact]
    public async Task A_per_user_answer_is_never_handed_to_another_user()
    {
        _user.UserId.Returns("alice");
        var alice = await SendAsync(new CountThings(Scope: CacheScope.PerUser));
        _user.UserId.Returns("bob");
        var bob = await SendAsync(new CountThings(Scope: CacheScope.PerUser));
        _user.UserId.Returns("alice");
        var aliceAgain = await SendAsync(new CountThings(Scope: CacheScope.PerUser));

        bob.ShouldNotBeSameAs(alice);
        bob.Load.ShouldBe(2);
        aliceAgain.ShouldBeSameAs(alice);
        _loads.ShouldBe(2);
    }

    [Fact]
    public async Task A_per_user_query_without_a_signed_in_user_is_never_cached()
    {
        _user.UserId.Returns((string?)null);

        await SendAsync(new CountThings(Scope: CacheScope.PerUser));
        await SendAsync(new CountThings(Scope: CacheScope.PerUser));

        _loads.ShouldBe(2);
    }

    [Fact]
    public async Task Shared_and_per_user_answers_of_one_query_are_kept_apart()
    {
        _user.UserId.Returns("alice");

        var shared = await SendAsync(new CountThings());
        var mine = await SendAsync(new CountThings(Scope: CacheScope.PerUser));

        mine.ShouldNotBeSameAs(shared);
        _loads.ShouldBe(2);
    }

    [Fact]
    public async Task A_per_user_tag_evicts_only_that_users_answer()
    {
        const string mine = "mine:user:" + CacheTag.User;
        _user.UserId.Returns("alice");
        var alice = await SendAsync(new CountThings(Scope: CacheScope.PerUser, Tag: mine));
        _user.UserId.Returns("bob");
        var bob = await SendAsync(new CountThings(Scope: CacheScope.PerUser, Tag: mine));

        await _invalidator.InvalidateForUsersAsync(mine, ["alice"]);

        (await SendAsync(new CountThings(Scope: CacheScope.PerUser, Tag: mine))).ShouldBeSameAs(bob);
        _user.UserId.Returns("alice");
        var aliceAgain = await SendAsync(new CountThings(Scope: CacheScope.PerUser, Tag: mine));
        aliceAgain.ShouldNotBeSameAs(alice);
        aliceAgain.Load.ShouldBe(3);
    }

    [Fact]
    public void Every_cached_query_of_the_application_declares_tags_and_answers_with_an_immutable_type()
    {
        var cached = typeof(ICachedQuery<>);
        var queries = typeof(Ticketing.Application.DependencyInjection).Assembly.GetTypes()
            .Select(t => (Type: t, Answer: t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == cached)?.GetGenericArguments()[0]))
            .Where(q => q.Answer is not null)
            .ToList();

        queries.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var (type, answer) in queries)
        {
            // A hit hands every sender the same instance: nobody may change it (a number is copied anyway).
            if (!answer!.IsPrimitive)
            {
                answer.IsSealed.ShouldBeTrue($"{type.Name} answers with {answer.Name}, which is not sealed");
                (answer.GetCustomAttribute<ImmutableObjectAttribute>()?.Immutable ?? false).ShouldBeTrue($"{answer.Name} is not marked [ImmutableObject(true)]");
            }

            // Any instance will do: the tags of a query do not depend on its values.
            var query = Activator.CreateInstance(type, [.. type.GetConstructors()[0].GetParameters().Select(ArgumentFor)])!;
            ((IReadOnlyList<string>)type.GetProperty(nameof(ICachedQuery<object>.CacheTags))!.GetValue(query)!).ShouldNotBeEmpty($"{type.Name} has no tag: nothing would ever invalidate it");
        }
    }

    public void Dispose() => _services.Dispose();

    private static object? ArgumentFor(ParameterInfo parameter) =>
        parameter.HasDefaultValue ? parameter.DefaultValue
        : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType)
        : null;

    private CachingBehaviour<CountThings, Answer> Behaviour() => new(_cache, _invalidator, _user);

    private async Task<Answer> SendAsync(CountThings query) =>
        await Behaviour().Handle(query, (_, _) => ValueTask.FromResult(new Answer(Interlocked.Increment(ref _loads))), TestContext.Current.CancellationToken);
}
