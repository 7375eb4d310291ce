using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Chat;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Channels.Commands.SendTestChatPost;

/// <summary>Posts a test message to a team channel now and reports what the webhook answered.</summary>
public sealed record SendTestChatPostCommand(Guid Id) : ICommand<ChatTestResult>, IAdminRequest;

public sealed record ChatTestResult(bool Succeeded, string Message);

public sealed class SendTestChatPostHandler(IChatChannelStore store, IChannelSecretProtector protector, IChatPoster poster, ChannelLinks links)
    : ICommandHandler<SendTestChatPostCommand, ChatTestResult>
{
    public async ValueTask<ChatTestResult> Handle(SendTestChatPostCommand command, CancellationToken cancellationToken)
    {
        var channel = await store.GetAsync(command.Id, cancellationToken) ?? throw new NotFoundException("chat channel", command.Id);
        if (protector.TryUnprotect(channel.WebhookUrlProtected) is not { } url)
        {
            return new ChatTestResult(false, "The stored webhook address can no longer be read (the key ring changed): enter it again and save.");
        }

        var message = new ChatMessage($"Test message from Ticketing for {channel.Name}", null, null, null, null, "—", links.Inbox(), "If you can read this, notifications will arrive here.");
        return await poster.PostAsync(url, message.ToPayload(channel.Format), cancellationToken) switch
        {
            ChatPostOutcome.Delivered => new ChatTestResult(true, $"The webhook accepted the test message for {channel.Name}."),
            ChatPostOutcome.Throttled t => new ChatTestResult(false, $"The webhook is rate limiting: try again in {(t.Wait ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s."),
            ChatPostOutcome.Transient t => new ChatTestResult(false, t.Reason),
            ChatPostOutcome.Refused r => new ChatTestResult(false, r.Reason),
            _ => new ChatTestResult(false, "Unexpected answer."),
        };
    }
}
