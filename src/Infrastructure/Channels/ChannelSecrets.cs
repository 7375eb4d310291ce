using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Ticketing.Application.Channels;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Infrastructure.Integration;

namespace Ticketing.Infrastructure.Channels;

/// <summary>
/// Protects the channels' stored secrets (SMTP and IMAP passwords, webhook URLs, calendar tokens) at
/// rest, like the integration's API key.
/// </summary>
internal sealed class ChannelSecretProtector(IDataProtectionProvider provider)
    : PurposeSecretProtector(provider, Purpose), IChannelSecretProtector
{
    public const string Purpose = "Ticketing.Channels.Secrets";
}

/// <summary>
/// Unsubscribe tokens: the user id and the notification type, protected (authenticated encryption) for
/// their own purpose, so a token cannot be forged, altered to another type or user, or made from another
/// protected value. They do not expire: a link in an old e-mail still unsubscribes, and unsubscribing
/// is harmless to repeat.
/// </summary>
internal sealed class UnsubscribeTokens(IDataProtectionProvider provider) : IUnsubscribeTokens
{
    public const string Purpose = "Ticketing.Channels.Unsubscribe.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Create(string userId, NotificationType type) => _protector.Protect($"{WireName<NotificationType>.Of(type)}\n{userId}");

    public bool TryRead(string token, out string userId, out NotificationType type)
    {
        userId = "";
        type = default;
        string clear;
        try
        {
            clear = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = clear.Split('\n', 2);
        if (parts.Length != 2 || !WireName<NotificationType>.TryParse(parts[0], out type) || parts[1].Length == 0)
        {
            return false;
        }

        userId = parts[1];
        return true;
    }
}
