using System.Security.Cryptography;
using System.Text;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Channels.Commands.RotateCalendarFeed;

/// <summary>Gives the signed-in user a new secret calendar address; the previous one stops working at once.</summary>
public sealed record RotateCalendarFeedCommand : ICommand<string>;

public sealed class RotateCalendarFeedHandler(
    ICurrentUser user,
    ICalendarFeedStore calendars,
    IChannelSecretProtector protector,
    ChannelLinks links,
    TimeProvider clock) : ICommandHandler<RotateCalendarFeedCommand, string>
{
    public async ValueTask<string> Handle(RotateCalendarFeedCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException();
        var token = NewToken();
        await calendars.ReplaceAsync(userId, HashOf(token), protector.Protect(token), clock.GetUtcNow(), cancellationToken);
        return links.Calendar(token);
    }

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored and looked up: the token itself never is.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
