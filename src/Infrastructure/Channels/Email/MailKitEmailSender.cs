using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Email;
using Ticketing.Domain.Channels;

namespace Ticketing.Infrastructure.Channels.Email;

/// <summary>Sends the queue's e-mails over SMTP with MailKit (see docs/decisions/070-notification-channels.md).</summary>
internal sealed class MailKitEmailSender(IChannelSecretProtector protector) : IEmailSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<IEmailSession> ConnectAsync(MailSettings settings, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, MailSecurityOptions.Of(settings.SmtpSecurity), cancellationToken);
            if (!string.IsNullOrWhiteSpace(settings.SmtpUserName))
            {
                var password = settings.SmtpPasswordProtected is null ? "" : protector.TryUnprotect(settings.SmtpPasswordProtected)
                    ?? throw new EmailDeliveryException("The stored SMTP password can no longer be read; enter it again on the mail settings page.", transient: true) { ConnectionLost = true };
                await client.AuthenticateAsync(settings.SmtpUserName, password, cancellationToken);
            }

            return new Session(client);
        }
        catch (Exception ex) when (ex is not EmailDeliveryException and not OperationCanceledException)
        {
            client.Dispose();

            // The server may be down, restarting or refusing us for now, and a password is fixed by an
            // admin without touching the queue: every failure to connect waits and tries again.
            throw new EmailDeliveryException(ConnectFailure(settings, ex), transient: true, ex) { ConnectionLost = true };
        }
    }

    private static string ConnectFailure(MailSettings settings, Exception ex) => ex switch
    {
        AuthenticationException => $"The SMTP server {settings.SmtpHost}:{settings.SmtpPort} refused the user name or password.",
        SslHandshakeException => $"A secure connection to {settings.SmtpHost}:{settings.SmtpPort} could not be made: {ex.Message}",
        SocketException or IOException => $"The SMTP server {settings.SmtpHost}:{settings.SmtpPort} could not be reached: {ex.Message}",
        _ => $"Connecting to the SMTP server {settings.SmtpHost}:{settings.SmtpPort} failed: {ex.Message}",
    };

    /// <summary>The message as sent: both bodies, threading, reply and unsubscribe headers.</summary>
    internal static MimeMessage Build(OutboundEmail email, MailSettings settings)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(email.ToName ?? "", email.ToAddress));
        if (EmailAddressing.ReplyAddress(settings.ReplyAddress, email.ReplyToken) is { } replyTo)
        {
            message.ReplyTo.Add(new MailboxAddress(settings.FromName, replyTo));
        }

        message.Subject = email.Subject;
        message.MessageId = email.MessageId;
        message.Date = email.CreatedAt;
        if (email.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo.Trim('<', '>');
        }

        if (email.References is { } references)
        {
            message.References.Add(references.Trim('<', '>'));
        }

        // Mail from a machine: well-behaved auto-responders stay silent (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the URL.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        if (email.Attachment is { } attachment && email.AttachmentName is { } attachmentName)
        {
            body.Attachments.Add(attachmentName, attachment, ContentType.Parse(email.AttachmentContentType ?? "application/octet-stream"));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private sealed class Session(SmtpClient client) : IEmailSession
    {
        public async Task SendAsync(OutboundEmail email, MailSettings settings, CancellationToken cancellationToken)
        {
            MimeMessage built;
            try
            {
                built = Build(email, settings);
            }
            catch (Exception ex) when (ex is ParseException or ArgumentException)
            {
                throw new EmailDeliveryException($"The e-mail cannot be written as addressed (to \"{email.ToAddress}\", from \"{settings.FromAddress}\"): {ex.Message}", transient: false, ex);
            }

            using var message = built;
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException ex)
            {
                var code = (int)ex.StatusCode;
                var transient = code is >= 400 and < 500;
                throw new EmailDeliveryException($"The SMTP server answered {code}: {ex.Message.Trim()}", transient, ex);
            }
            catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException)
            {
                throw new EmailDeliveryException($"The connection to the SMTP server was lost: {ex.Message}", transient: true, ex) { ConnectionLost = true };
            }
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
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or OperationCanceledException)
            {
                // Everything was sent or settled before this; a connection that cannot say goodbye is simply closed.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

internal static class MailSecurityOptions
{
    public static SecureSocketOptions Of(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
