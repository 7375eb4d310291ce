using System.Runtime.CompilerServices;
using Shouldly;
using Ticketing.Application.Common;

namespace Ticketing.UnitTests.Application;

public sealed class ReadAheadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_item_arrives_once_and_in_order()
    {
        var seen = new List<int>();
        await foreach (var item in Numbers(50).ReadAheadAsync(depth: 1, Ct))
        {
            seen.Add(item);
        }

        seen.ShouldBe(Enumerable.Range(1, 50));
    }

    [Fact]
    public async Task The_next_item_is_produced_while_the_consumer_still_holds_the_current_one()
    {
        var produced = 0;
        await foreach (var item in Counted(3, () => Interlocked.Increment(ref produced)).ReadAheadAsync(depth: 1, Ct))
        {
            if (item == 1)
            {
                // The consumer has not asked for item 2 yet, but the source already produced it.
                await Eventually.UntilAsync(() => Volatile.Read(ref produced) >= 2, "the second item was read ahead");
            }
        }

        produced.ShouldBe(3);
    }

    [Fact]
    public async Task A_failure_of_the_source_reaches_the_consumer_after_the_items_before_it()
    {
        var seen = new List<int>();
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in FailingAfter(2).ReadAheadAsync(depth: 1, Ct))
            {
                seen.Add(item);
            }
        });

        failure.Message.ShouldBe("page 3 failed");
        seen.ShouldBe([1, 2]);
    }

    [Fact]
    public async Task A_consumer_that_stops_early_cancels_the_source_and_waits_for_it()
    {
        var finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await foreach (var item in Endless(finished, Ct).ReadAheadAsync(depth: 1, Ct))
        {
            if (item == 3)
            {
                break;
            }
        }

        // The enumerator completed only after the source was stopped and ran its finally block.
        finished.Task.IsCompleted.ShouldBeTrue("the source had finished when the loop ended");
    }

    private static async IAsyncEnumerable<int> Numbers(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> Counted(int count, Action onProduced)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            onProduced();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> FailingAfter(int good)
    {
        for (var i = 1; i <= good; i++)
        {
            await Task.Yield();
            yield return i;
        }

        throw new InvalidOperationException($"page {good + 1} failed");
    }

    private static async IAsyncEnumerable<int> Endless(TaskCompletionSource<bool> finished, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 1; ; i++)
            {
                await Task.Delay(1, cancellationToken);
                yield return i;
            }
        }
        finally
        {
            finished.SetResult(true);
        }
    }
}
