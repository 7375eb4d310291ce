using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Commands.DeliverChatPosts;

/// <summary>Posts the due chat messages, at most one per webhook per round. Sent by the channel worker.</summary>
public sealed record DeliverChatPostsCommand : ICommand<ChatDeliveryResult>, ISystemRequest;

public sealed record ChatDeliveryResult(int Claimed, int Sent, int Throttled, int Retrying, int Failed);

/// <summary>
/// Each webhook is paced (<see cref="ChannelOptions.ChatMinIntervalMilliseconds"/> between posts) and a 429
/// holds it for as long as its <c>Retry-After</c> says; the throttled post keeps its place and its
/// attempt does not count. Other failures retry with the shared backoff, or fail with the reason.
/// </summary>
public sealed partial class DeliverChatPostsHandler(
    IChatOutbox outbox,
    IChatPoster poster,
    IOptions<ChannelOptions> options,
    TimeProvider clock,
    ILogger<DeliverChatPostsHandler> logger) : ICommandHandler<DeliverChatPostsCommand, ChatDeliveryResult>
{
    public const int MaxTargetsPerRound = 20;
    public const string ChannelGoneMessage = "The chat channel was deleted, or its webhook address can no longer be read: nothing was posted.";

    public async ValueTask<ChatDeliveryResult> Handle(DeliverChatPostsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await outbox.ClaimDueAsync(now, now + options.Value.ClaimDuration, MaxTargetsPerRound, cancellationToken);
        int sent = 0, throttled = 0, retrying = 0, failed = 0;
        foreach (var (post, url) in claimed)
        {
            if (url is null)
            {
                await outbox.FailAsync(post.Id, ChannelGoneMessage, CancellationToken.None);
                failed++;
                continue;
            }

            var outcome = await poster.PostAsync(url, post.PayloadJson, cancellationToken);
            var at = clock.GetUtcNow();
            switch (outcome)
            {
                case ChatPostOutcome.Delivered:
                    await outbox.MarkSentAsync(post.Id, at, CancellationToken.None);
                    await outbox.HoldTargetAsync(post.TargetKey, at + TimeSpan.FromMilliseconds(options.Value.ChatMinIntervalMilliseconds), CancellationToken.None);
                    sent++;
                    break;

                case ChatPostOutcome.Throttled t:
                    var wait = t.Wait ?? TimeSpan.FromSeconds(options.Value.ChatDefaultRetryAfterSeconds);
                    await outbox.HoldTargetAsync(post.TargetKey, at + wait, CancellationToken.None);
                    await outbox.RetryLaterAsync(post.Id, at + wait, $"Rate limited by the webhook: waiting {wait.TotalSeconds:0.#} s (Retry-After).", countsAsFailure: false, CancellationToken.None);
                    LogThrottled(logger, post.TargetKey, wait.TotalSeconds);
                    throttled++;
                    break;

                case ChatPostOutcome.Transient transient when post.Attempts < options.Value.MaxAttempts:
                    await outbox.RetryLaterAsync(post.Id, at + DeliveryBackoff.After(post.Attempts, options.Value.RetryBaseDelay), transient.Reason, countsAsFailure: true, CancellationToken.None);
                    retrying++;
                    break;

                case ChatPostOutcome.Transient transient:
                    await outbox.FailAsync(post.Id, $"Gave up after {post.Attempts} attempts. Last error: {transient.Reason}", CancellationToken.None);
                    failed++;
                    break;

                case ChatPostOutcome.Refused refused:
                    await outbox.FailAsync(post.Id, refused.Reason, CancellationToken.None);
                    LogRefused(logger, post.Id, refused.Reason);
                    failed++;
                    break;
            }
        }

        return new ChatDeliveryResult(claimed.Count, sent, throttled, retrying, failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat target {Target} is rate limited for {Seconds} s")]
    private static partial void LogThrottled(ILogger logger, string target, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat post {PostId} was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, long postId, string reason);
}
