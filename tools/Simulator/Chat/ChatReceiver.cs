using System.Collections.Concurrent;
using System.Text.Json;

namespace Ticketing.Simulator.Chat;

/// <summary>
/// A stand-in for Slack-compatible and Teams incoming webhooks (<c>/_sim/chat/{channel}</c>): it records
/// every message posted to a channel so the demo and the tests can read them back over HTTP, and can be
/// told to answer the next posts with 429 and a <c>Retry-After</c>, as a rate-limited webhook does.
/// </summary>
public sealed class ChatReceiver(TimeProvider clock)
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxPostsPerChannel = 1_000;

    private readonly ConcurrentDictionary<string, ChannelState> _channels = new(StringComparer.Ordinal);

    /// <summary>The messages a channel received, oldest first.</summary>
    public IReadOnlyList<ReceivedChatPost> Posts(string channel)
    {
        if (!_channels.TryGetValue(channel, out var state))
        {
            return [];
        }

        lock (state)
        {
            return [.. state.Posts];
        }
    }

    /// <summary>How many posts the channel refused with 429 so far.</summary>
    public int Throttled(string channel) => _channels.TryGetValue(channel, out var state) ? state.ThrottledCount : 0;

    /// <summary>The next <paramref name="count"/> posts to <paramref name="channel"/> are answered 429 with <paramref name="retryAfter"/>.</summary>
    public void Throttle(string channel, int count, TimeSpan retryAfter)
    {
        var state = _channels.GetOrAdd(channel, _ => new ChannelState());
        lock (state)
        {
            state.ThrottleRemaining = count;
            state.RetryAfter = retryAfter;
        }
    }

    /// <summary>Records a post, or says how long to wait when the channel is throttled.</summary>
    public TimeSpan? Receive(string channel, JsonElement body)
    {
        var state = _channels.GetOrAdd(channel, _ => new ChannelState());
        lock (state)
        {
            if (state.ThrottleRemaining > 0)
            {
                state.ThrottleRemaining--;
                state.ThrottledCount++;
                return state.RetryAfter;
            }

            if (state.Posts.Count >= MaxPostsPerChannel)
            {
                state.Posts.RemoveAt(0);
            }

            state.Posts.Add(new ReceivedChatPost(clock.GetUtcNow(), body.Clone()));
            return null;
        }
    }

    public void Clear() => _channels.Clear();

    private sealed class ChannelState
    {
        public List<ReceivedChatPost> Posts { get; } = [];

        public int ThrottleRemaining { get; set; }

        public int ThrottledCount { get; set; }

        public TimeSpan RetryAfter { get; set; }
    }
}

/// <summary>One message as the webhook received it: its JSON body, untouched.</summary>
public sealed record ReceivedChatPost(DateTimeOffset ReceivedAt, JsonElement Body);

public sealed record ChatPostListResponse(string Channel, int Throttled, IReadOnlyList<ReceivedChatPost> Posts);

public sealed record ChatThrottleRequest(int Count, int RetryAfterSeconds);
