using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;

namespace Ticketing.Infrastructure.Channels.Email;

/// <summary>Reads the IT mailbox over IMAP with MailKit, by UID, without changing it.</summary>
internal sealed class MailKitMailboxReader(IChannelSecretProtector protector) : IMailboxReader
{
    public async Task<IMailboxSession> OpenAsync(MailSettings settings, CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(settings.ImapHost, settings.ImapPort, MailSecurityOptions.Of(settings.ImapSecurity), cancellationToken);
            if (!string.IsNullOrWhiteSpace(settings.ImapUserName))
            {
                var password = settings.ImapPasswordProtected is null ? "" : protector.TryUnprotect(settings.ImapPasswordProtected)
                    ?? throw new MailServerException("The stored IMAP password can no longer be read; enter it again on the mail settings page.");
                await client.AuthenticateAsync(settings.ImapUserName, password, cancellationToken);
            }

            var folder = await client.GetFolderAsync(string.IsNullOrWhiteSpace(settings.ImapFolder) ? "INBOX" : settings.ImapFolder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            return new Session(client, folder);
        }
        catch (Exception ex) when (ex is not MailServerException and not OperationCanceledException)
        {
            client.Dispose();
            throw new MailServerException($"The IMAP server {settings.ImapHost}:{settings.ImapPort} could not be read: {ex.Message}", ex);
        }
    }

    private sealed class Session(ImapClient client, IMailFolder folder) : IMailboxSession
    {
        public long UidValidity => folder.UidValidity;

        public async Task<IReadOnlyList<long>> NewUidsAsync(long afterUid, int max, CancellationToken cancellationToken)
        {
            if (folder.Count == 0)
            {
                return [];
            }

            // UID FETCH n:* (UID): every server answers it; "n:*" always includes the highest UID, even
            // below n (RFC 3501), so only those really after are kept.
            var range = new UniqueIdRange(new UniqueId((uint)Math.Min(afterUid + 1, uint.MaxValue)), UniqueId.MaxValue);
            var summaries = await folder.FetchAsync(range, MessageSummaryItems.UniqueId, cancellationToken);
            return [.. summaries.Select(m => (long)m.UniqueId.Id).Where(u => u > afterUid).Order().Take(max)];
        }

        public async Task<InboundMessage> FetchAsync(long uid, CancellationToken cancellationToken)
        {
            var message = await folder.GetMessageAsync(new UniqueId((uint)uid), cancellationToken);
            return await InboundMessages.FromMimeAsync(message, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(quit: true, quit.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or ImapProtocolException or OperationCanceledException)
            {
                // Only read; a connection that cannot log out is simply closed.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>Turns a MIME message into what the inbound rules read; attachments go to temporary files.</summary>
internal static class InboundMessages
{
    private static readonly string[] RuleHeaders = ["auto-submitted", "precedence", "x-autoreply", "x-autorespond", "x-auto-response-suppress", "return-path", "list-id", "delivered-to", "x-original-to"];

    public static async Task<InboundMessage> FromMimeAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var from = message.From.Mailboxes.FirstOrDefault();
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in message.Headers)
        {
            var name = header.Field.ToLowerInvariant();
            if (RuleHeaders.Contains(name))
            {
                headers.TryAdd(name, header.Value.Trim());
            }
        }

        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).ToList();
        foreach (var name in new[] { "delivered-to", "x-original-to" })
        {
            if (headers.TryGetValue(name, out var value) && MailboxAddress.TryParse(value, out var address))
            {
                recipients.Add(address.Address);
            }
        }

        var references = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            references.Add(message.InReplyTo);
        }

        references.AddRange(message.References);
        var files = new TemporaryFiles();
        var attachments = new List<InboundAttachment>();
        try
        {
            foreach (var part in message.Attachments.OfType<MimePart>().Where(p => p.Content is not null))
            {
                var path = files.Next();
                await using (var file = File.Create(path))
                {
                    await part.Content!.DecodeToAsync(file, cancellationToken);
                }

                attachments.Add(new InboundAttachment(
                    part.FileName ?? "attachment",
                    part.ContentType.MimeType,
                    new FileInfo(path).Length,
                    () => File.OpenRead(path)));
            }
        }
        catch
        {
            await files.DisposeAsync();
            throw;
        }

        var text = message.TextBody ?? HtmlAsText(message.HtmlBody) ?? "";
        return new InboundMessage(
            string.IsNullOrWhiteSpace(message.MessageId) ? DigestId(message) : message.MessageId.Trim('<', '>'),
            from?.Address,
            string.IsNullOrWhiteSpace(from?.Name) ? null : from!.Name,
            recipients,
            message.Subject ?? "",
            text,
            headers,
            [.. references.Select(r => r.Trim('<', '>')).Distinct()],
            attachments,
            message.Body is MultipartReport,
            files);
    }

    private static string? HtmlAsText(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));

    /// <summary>A message without a Message-ID is named by what it says, so reading it twice is still once.</summary>
    private static string DigestId(MimeMessage message)
    {
        var text = $"{message.From}|{message.Date:O}|{message.Subject}|{message.TextBody}";
        return $"sha256.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40]}@inbound";
    }

    private sealed class TemporaryFiles : IAsyncDisposable
    {
        private readonly List<string> _paths = [];

        public string Next()
        {
            var path = Path.Combine(Path.GetTempPath(), $"ticketing-mail-{Guid.NewGuid():N}");
            _paths.Add(path);
            return path;
        }

        public ValueTask DisposeAsync()
        {
            foreach (var path in _paths)
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // The temporary folder is cleaned by the system; a file still open is left to it.
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
