using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Sync;

/// <summary>
/// The initial load's store pipeline (decision 151): several batches stored at once, handed back in the
/// order they were added (the watermark's promise), a shared ticket's versions never stored at once, and
/// nothing left running after a failure.
/// </summary>
public sealed class BulkStorePipelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private readonly ITicketRepository _tickets = Substitute.For<ITicketRepository>();
    private readonly List<(IReadOnlyCollection<Ticket> Batch, TaskCompletionSource<UpsertResult> Store)> _started = [];

    public BulkStorePipelineTests()
    {
        _tickets.BulkLoadManyAsync(Arg.Any<IReadOnlyCollection<Ticket>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var store = new TaskCompletionSource<UpsertResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _started.Add((call.Arg<IReadOnlyCollection<Ticket>>(), store));
                return store.Task;
            });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stores_two_batches_at_once_and_hands_them_back_in_the_order_they_were_added()
    {
        await using var pipeline = new BulkStorePipeline(_tickets, TimeProvider.System, storesAtOnce: 2);

        (await pipeline.AddAsync(Batch(1, "a", "b"), Ct)).ShouldBeEmpty();
        (await pipeline.AddAsync(Batch(2, "c", "d"), Ct)).ShouldBeEmpty();
        _started.Count.ShouldBe(2);

        var third = pipeline.AddAsync(Batch(3, "e"), Ct);
        _started.Count.ShouldBe(2);
        _started[1].Store.SetResult(new UpsertResult(2, 0, 0));
        await Task.Yield();
        third.IsCompleted.ShouldBeFalse();
        _started[0].Store.SetResult(new UpsertResult(1, 1, 0));

        var first = (await third).ShouldHaveSingleItem();
        first.Count.ShouldBe(2);
        first.Highest.ShouldBe(T0.AddMinutes(1).AddSeconds(1));
        first.Result.ShouldBe(new UpsertResult(1, 1, 0));
        _started.Count.ShouldBe(3);

        _started[2].Store.SetResult(new UpsertResult(1, 0, 0));
        var rest = await pipeline.DrainAsync();
        rest.Select(b => b.Highest).ShouldBe([T0.AddMinutes(2).AddSeconds(1), T0.AddMinutes(3)]);
        rest.Sum(b => b.Result.Stored).ShouldBe(3);
    }

    [Fact]
    public async Task A_batch_sharing_a_ticket_with_one_being_stored_waits_for_it()
    {
        await using var pipeline = new BulkStorePipeline(_tickets, TimeProvider.System, storesAtOnce: 3);
        await pipeline.AddAsync(Batch(1, "a", "b"), Ct);
        await pipeline.AddAsync(Batch(2, "c"), Ct);

        var again = pipeline.AddAsync(Batch(3, "d", "b"), Ct);
        _started.Count.ShouldBe(2);
        _started[0].Store.SetResult(new UpsertResult(2, 0, 0));

        (await again).ShouldHaveSingleItem().Count.ShouldBe(2);
        _started.Count.ShouldBe(3);
        _started[2].Batch.Select(t => t.ExternalTicketId).ShouldBe(["d", "b"]);
        CompleteAll();
    }

    [Fact]
    public async Task After_a_failed_store_nothing_is_left_running_once_the_pipeline_is_disposed()
    {
        var pipeline = new BulkStorePipeline(_tickets, TimeProvider.System, storesAtOnce: 2);
        await pipeline.AddAsync(Batch(1, "a"), Ct);
        await pipeline.AddAsync(Batch(2, "b"), Ct);
        _started[0].Store.SetException(new InvalidOperationException("the database went away"));

        (await Should.ThrowAsync<InvalidOperationException>(() => pipeline.AddAsync(Batch(3, "c"), Ct))).Message.ShouldBe("the database went away");
        _started.Count.ShouldBe(2);

        var disposed = pipeline.DisposeAsync().AsTask();
        await Task.Yield();
        disposed.IsCompleted.ShouldBeFalse();
        _started[1].Store.SetResult(new UpsertResult(1, 0, 0));
        await disposed;
    }

    [Fact]
    public async Task One_store_at_a_time_is_the_sequential_load()
    {
        await using var pipeline = new BulkStorePipeline(_tickets, TimeProvider.System, storesAtOnce: 1);
        await pipeline.AddAsync(Batch(1, "a"), Ct);

        var second = pipeline.AddAsync(Batch(2, "b"), Ct);
        _started.Count.ShouldBe(1);
        _started[0].Store.SetResult(new UpsertResult(1, 0, 0));

        (await second).ShouldHaveSingleItem().Highest.ShouldBe(T0.AddMinutes(1));
        _started.Count.ShouldBe(2);
        CompleteAll();
    }

    /// <summary>Lets every store still running finish, so disposing the pipeline (which waits for them) ends.</summary>
    private void CompleteAll()
    {
        foreach (var (_, store) in _started)
        {
            store.TrySetResult(UpsertResult.None);
        }
    }

    /// <summary>Tickets changed at minute <paramref name="minute"/>, one second apart, in the given order.</summary>
    private static List<Ticket> Batch(int minute, params string[] ids) =>
        [.. ids.Select((id, i) => new Ticket
        {
            ExternalTicketId = id,
            TicketNumber = "T-" + id,
            Title = id,
            UpdatedAt = T0.AddMinutes(minute).AddSeconds(i),
        })];
}
