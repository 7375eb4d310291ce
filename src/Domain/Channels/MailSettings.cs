namespace Ticketing.Domain.Channels;

/// <summary>How a mail connection is secured (MailKit's <c>SecureSocketOptions</c>, in words).</summary>
public enum MailSecurity
{
    /// <summary>Whatever the server offers: STARTTLS when announced, otherwise plain.</summary>
    Auto = 0,

    None = 1,

    /// <summary>Plain first, then upgraded; refused if the server cannot.</summary>
    StartTls = 2,

    /// <summary>TLS from the first byte (SMTPS 465, IMAPS 993).</summary>
    SslOnConnect = 3,
}

/// <summary>
/// The mail settings (<c>mail_settings</c>, a single row): outgoing SMTP and the IT mailbox read over IMAP.
/// Passwords are stored only in protected form, like the integration's API key.
/// </summary>
public sealed class MailSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public bool SmtpEnabled { get; set; }

    public string SmtpHost { get; set; } = "";

    public int SmtpPort { get; set; } = 587;

    public MailSecurity SmtpSecurity { get; set; } = MailSecurity.Auto;

    public string? SmtpUserName { get; set; }

    public string? SmtpPasswordProtected { get; set; }

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "IT Support";

    /// <summary>
    /// The IT mailbox's address. Replies go to it with a token after a <c>+</c>
    /// (<c>it+r7k…@example.com</c>), and new mail to it becomes a ticket.
    /// </summary>
    public string? ReplyAddress { get; set; }

    public bool ImapEnabled { get; set; }

    public string ImapHost { get; set; } = "";

    public int ImapPort { get; set; } = 993;

    public MailSecurity ImapSecurity { get; set; } = MailSecurity.Auto;

    public string? ImapUserName { get; set; }

    public string? ImapPasswordProtected { get; set; }

    public string ImapFolder { get; set; } = "INBOX";

    /// <summary>The folder's UIDVALIDITY when <see cref="ImapLastUid"/> was read; a change means the UIDs restarted.</summary>
    public long? ImapUidValidity { get; set; }

    /// <summary>The highest UID read from the folder: the next poll asks for the ones after it.</summary>
    public long ImapLastUid { get; set; }

    public DateTimeOffset? ImapLastPolledAt { get; set; }

    public string? ImapLastError { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
