using System.ComponentModel;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Behaviours;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.UnitTests.Application;

/// <summary>
/// The sender in front of the mediator: a kept answer is handed over without the mediator (no handler, no
/// behaviours); anything the pipeline must see goes through it. The cache is a real (in-memory) HybridCache filled
/// by the real caching behaviour.
/// </summary>
public sealed class CachedQuerySenderTests : IDisposable
{
    private const string Things = "things";

    private readonly ServiceProvider _services;
    private readonly HybridCache _cache;
    private readonly CacheInvalidator _invalidator;
    private readonly ICurrentUser _user = Substitute.For<ICurrentUser>();
    private readonly IMediator _mediator = Substitute.For<IMediator>();
    private readonly IServiceProviderIsService _registered = Substitute.For<IServiceProviderIsService>();
    private int _loads;

    public CachedQuerySenderTests()
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        _services = services.BuildServiceProvider();
        _cache = _services.GetRequiredService<HybridCache>();
        _invalidator = new CacheInvalidator(_cache);
        _user.UserId.Returns("alice");
        // NSubstitute's set-up calls the method without awaiting it: the value task is the configured answer, never run.
#pragma warning disable CA2012
        _mediator.Send(Arg.Any<IQuery<Answer>>(), Arg.Any<CancellationToken>())
            .Returns(call => LoadThroughBehaviourAsync((ICachedQuery<Answer>)call.Arg<IQuery<Answer>>()));
        _mediator.Send(Arg.Any<IQuery<int>>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(7));
#pragma warning restore CA2012
    }

    [ImmutableObject(true)]
    public sealed record Answer(int Load);

    public sealed record CountThings(string Key = "all", bool Fresh = false, CacheScope Scope = CacheScope.Shared) : ICachedQuery<Answer>
    {
        public string CacheKey => Key;

        public IReadOnlyList<string> CacheTags => [Things];

        public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);
    }

    public sealed record CountThingsForAdmins : ICachedQuery<Answer>, IAdminRequest
    {
        public string CacheKey => "admins";

        public IReadOnlyList<string> CacheTags => [Things];

        public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

        public CacheScope Scope => CacheScope.Shared;

        public bool Fresh => false;
    }

    public sealed record CountThingsChecked(string Key) : ICachedQuery<Answer>
    {
        public string CacheKey => Key;

        public IReadOnlyList<string> CacheTags => [Things];

        public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

        public CacheScope Scope => CacheScope.Shared;

        public bool Fresh => false;
    }

    public sealed record CountNumber : ICachedQuery<int>
    {
        public string CacheKey => "n";

        public IReadOnlyList<string> CacheTags => [Things];

        public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

        public CacheScope Scope => CacheScope.Shared;

        public bool Fresh => false;
    }

    [Fact]
    public async Task A_kept_answer_is_handed_over_without_the_mediator_and_a_miss_goes_through_it()
    {
        var first = await Sender().Send(new CountThings(), TestContext.Current.CancellationToken);
        var second = await Sender().Send(new CountThings(), TestContext.Current.CancellationToken);

        second.ShouldBeSameAs(first);
        _loads.ShouldBe(1);
        await _mediator.Received(1).Send(Arg.Any<IQuery<Answer>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task After_its_tag_is_invalidated_the_query_goes_through_the_mediator_again()
    {
        await Sender().Send(new CountThings(), TestContext.Current.CancellationToken);
        await _invalidator.InvalidateAsync(Things);

        var after = await Sender().Send(new CountThings(), TestContext.Current.CancellationToken);

        after.Load.ShouldBe(2);
        await _mediator.Received(2).Send(Arg.Any<IQuery<Answer>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_per_user_answer_is_only_handed_to_its_user()
    {
        var alices = await Sender().Send(new CountThings(Scope: CacheScope.PerUser), TestContext.Current.CancellationToken);
        _user.UserId.Returns("bob");

        var bobs = await Sender().Send(new CountThings(Scope: CacheScope.PerUser), TestContext.Current.CancellationToken);

        bobs.ShouldNotBeSameAs(alices);
        _loads.ShouldBe(2);
    }

    [Fact]
    public async Task Fresh_admin_only_validated_and_value_answers_always_go_through_the_mediator()
    {
        _registered.IsService(typeof(IValidator<CountThingsChecked>)).Returns(true);
        foreach (var query in new IQuery<Answer>[] { new CountThings("f"), new CountThingsForAdmins(), new CountThingsChecked("v") })
        {
            await Sender().Send(query, TestContext.Current.CancellationToken);
        }

        _mediator.ClearReceivedCalls();
        await Sender().Send(new CountThings("f", Fresh: true), TestContext.Current.CancellationToken);
        await Sender().Send(new CountThingsForAdmins(), TestContext.Current.CancellationToken);
        await Sender().Send(new CountThingsChecked("v"), TestContext.Current.CancellationToken);
        (await Sender().Send(new CountNumber(), TestContext.Current.CancellationToken)).ShouldBe(7);

        await _mediator.Received(3).Send(Arg.Any<IQuery<Answer>>(), Arg.Any<CancellationToken>());
        await _mediator.Received(1).Send(Arg.Any<IQuery<int>>(), Arg.Any<CancellationToken>());
    }

    public void Dispose() => _services.Dispose();

    private CachedQuerySender Sender() => new(_mediator, _cache, _invalidator, _user, _registered);

    private ValueTask<Answer> LoadThroughBehaviourAsync(ICachedQuery<Answer> query) => query switch
    {
        CountThings q => new CachingBehaviour<CountThings, Answer>(_cache, _invalidator, _user).Handle(q, Load, CancellationToken.None),
        CountThingsForAdmins q => new CachingBehaviour<CountThingsForAdmins, Answer>(_cache, _invalidator, _user).Handle(q, Load, CancellationToken.None),
        CountThingsChecked q => new CachingBehaviour<CountThingsChecked, Answer>(_cache, _invalidator, _user).Handle(q, Load, CancellationToken.None),
        _ => throw new InvalidOperationException(),
    };

    private ValueTask<Answer> Load<TQuery>(TQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Answer(Interlocked.Increment(ref _loads)));
}
