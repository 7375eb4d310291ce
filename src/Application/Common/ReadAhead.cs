using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Ticketing.Application.Common;

/// <summary>Overlaps producing the next items of a stream with consuming the current one.</summary>
public static class ReadAhead
{
    /// <summary>
    /// Enumerates <paramref name="source"/> on its own task, at most <paramref name="depth"/> items ahead
    /// of the consumer, and yields the items in order. An exception of the source reaches the consumer
    /// where the item would have been; when the consumer stops early (or fails), the source is cancelled
    /// and awaited before this enumerator completes, so nothing runs on after it.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAheadAsync<T>(
        this IAsyncEnumerable<T> source,
        int depth,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);

        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in source.WithCancellation(stop.Token))
                    {
                        await channel.Writer.WriteAsync(item, stop.Token);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception ex)
                {
                    channel.Writer.Complete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }
}
