using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Application.Channels.Email;

/// <summary>
/// Message-IDs, threading and reply addresses. Every e-mail about a ticket names the same (never sent)
/// thread root <c>&lt;ticket.{id}@{domain}&gt;</c> in <c>In-Reply-To</c> and <c>References</c>, so mail
/// clients group a ticket's e-mails; a reply comes back to <c>{mailbox}+{token}@{domain}</c>.
/// </summary>
public static class EmailAddressing
{
    public const string DefaultDomain = "ticketing.local";
    private const string TokenAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int TokenLength = 20;

    /// <summary>The domain of <paramref name="address"/>, or <see cref="DefaultDomain"/>.</summary>
    public static string DomainOf(string? address)
    {
        if (!string.IsNullOrWhiteSpace(address) && MailAddress.TryCreate(address.Trim(), out var parsed))
        {
            return parsed.Host.ToLowerInvariant();
        }

        return DefaultDomain;
    }

    public static string ThreadRoot(Guid ticketId, string domain) => $"ticket.{ticketId:N}@{domain}";

    /// <summary>A folded version of a notification is a new e-mail in the same thread, with an id of its own.</summary>
    public static string NotificationMessageId(Guid notificationId, int foldVersion, string domain) =>
        foldVersion == 0 ? $"n.{notificationId:N}@{domain}" : $"n.{notificationId:N}.f{foldVersion}@{domain}";

    public static string DigestMessageId(string userId, DateTimeOffset dueAt, string domain) =>
        $"digest.{Hash(userId)}.{dueAt.UtcDateTime:yyyyMMddHHmm}@{domain}";

    public static string TestMessageId(Guid id, string domain) => $"test.{id:N}@{domain}";

    /// <summary>A random reply token: 20 characters of base32, 100 bits.</summary>
    public static string NewReplyToken()
    {
        Span<byte> bytes = stackalloc byte[TokenLength];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[TokenLength];
        for (var i = 0; i < TokenLength; i++)
        {
            chars[i] = TokenAlphabet[bytes[i] & 31];
        }

        return new string(chars);
    }

    /// <summary><c>it@example.com</c> + token → <c>it+token@example.com</c>.</summary>
    public static string? ReplyAddress(string? mailbox, string? token)
    {
        if (string.IsNullOrWhiteSpace(mailbox) || string.IsNullOrEmpty(token) || !MailAddress.TryCreate(mailbox.Trim(), out var parsed))
        {
            return null;
        }

        var local = parsed.User;
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            local = local[..plus];
        }

        return $"{local}+{token}@{parsed.Host}";
    }

    /// <summary>The reply token in any of <paramref name="recipients"/> addressed to <paramref name="mailbox"/>'s local part.</summary>
    public static string? FindReplyToken(string? mailbox, IEnumerable<string> recipients)
    {
        if (string.IsNullOrWhiteSpace(mailbox) || !MailAddress.TryCreate(mailbox.Trim(), out var box))
        {
            return null;
        }

        var local = box.User.Split('+')[0];
        foreach (var recipient in recipients)
        {
            if (!MailAddress.TryCreate(recipient.Trim(), out var address)
                || !string.Equals(address.Host, box.Host, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var user = address.User;
            var plus = user.IndexOf('+', StringComparison.Ordinal);
            if (plus > 0 && string.Equals(user[..plus], local, StringComparison.OrdinalIgnoreCase))
            {
                var token = user[(plus + 1)..].ToLowerInvariant();
                if (token.Length == TokenLength && token.All(c => TokenAlphabet.Contains(c, StringComparison.Ordinal)))
                {
                    return token;
                }
            }
        }

        return null;
    }

    /// <summary>A stable idempotency key from any text (the same mail read twice gives the same key).</summary>
    public static Guid KeyFrom(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16));
    }

    public static bool SameAddress(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b)
        && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
