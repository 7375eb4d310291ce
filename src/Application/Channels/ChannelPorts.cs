using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Channels;

/// <summary>
/// What a recipient may see of a ticket. Every message that leaves the app (e-mail, chat, digest) asks
/// here first; today everything is shown. The PHI permission (issue 17) plugs in here: a ticket holding
/// PHI is masked for audiences without access, and team channels never see it.
/// </summary>
public interface ITicketDisclosure
{
    ValueTask<DisclosedTicket> DiscloseAsync(ChannelAudience audience, NotifiedTicket? ticket, string title, string message, CancellationToken cancellationToken);
}

/// <summary>The users' channel choices and the admins' defaults.</summary>
public interface INotificationPreferenceStore
{
    /// <summary>The user's own row, or null (a user created before the defaults existed gets the defaults on first save).</summary>
    Task<NotificationPreferences?> GetAsync(string userId, CancellationToken cancellationToken);

    Task<NotificationDefaults> GetDefaultsAsync(CancellationToken cancellationToken);

    /// <summary>Each known user among <paramref name="userIds"/> with their address and effective choices.</summary>
    Task<IReadOnlyDictionary<string, ChannelRecipient>> GetRecipientsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    Task SaveAsync(NotificationPreferences preferences, CancellationToken cancellationToken);

    Task SaveDefaultsAsync(NotificationDefaults defaults, CancellationToken cancellationToken);
}

/// <summary>Reads the tickets notifications are about.</summary>
public interface INotifiedTicketReader
{
    Task<IReadOnlyDictionary<Guid, NotifiedTicket>> GetAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken);
}

/// <summary>The outgoing e-mail queue (<c>email_messages</c>).</summary>
public interface IEmailOutbox
{
    /// <summary>Queues the e-mail unless one with its dedupe key exists; true when queued.</summary>
    Task<bool> EnqueueAsync(OutboundEmail email, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> due e-mails: marks them sending, counts the attempt and
    /// reserves them until <paramref name="claimUntil"/> (when a crashed sender's claim runs out).
    /// </summary>
    Task<IReadOnlyList<OutboundEmail>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    Task RetryLaterAsync(long id, DateTimeOffset at, string error, CancellationToken cancellationToken);

    Task FailAsync(long id, string reason, CancellationToken cancellationToken);

    /// <summary>An e-mail the app sent, found by its reply token or its Message-ID (for replies).</summary>
    Task<SentEmailReference?> FindSentAsync(string? replyToken, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);
}

/// <summary>What a reply refers to: the ticket and the user the e-mail went to.</summary>
public sealed record SentEmailReference(EmailKind Kind, Guid? TicketId, string? UserId, string ToAddress);

/// <summary>The outgoing chat queue (<c>chat_posts</c>) and each target's rate limit.</summary>
public interface IChatOutbox
{
    Task<bool> EnqueueAsync(ChatPost post, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest due post of each target that may be posted to now (at most <paramref name="max"/>
    /// targets), with its webhook URL; the attempt is counted and the post reserved until <paramref name="claimUntil"/>.
    /// </summary>
    Task<IReadOnlyList<ClaimedChatPost>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Puts the post back for <paramref name="at"/>; <paramref name="countsAsFailure"/> false keeps the attempt from counting (a 429).</summary>
    Task RetryLaterAsync(long id, DateTimeOffset at, string error, bool countsAsFailure, CancellationToken cancellationToken);

    Task FailAsync(long id, string reason, CancellationToken cancellationToken);

    /// <summary>Nothing goes to <paramref name="targetKey"/> before <paramref name="notBefore"/> (never moves it earlier).</summary>
    Task HoldTargetAsync(string targetKey, DateTimeOffset notBefore, CancellationToken cancellationToken);
}

/// <summary>A claimed post with where it goes; a null URL means its channel or webhook is gone.</summary>
public sealed record ClaimedChatPost(ChatPost Post, string? WebhookUrl);

/// <summary>Notifications waiting for daily digests (<c>email_digest_items</c>).</summary>
public interface IDigestStore
{
    /// <summary>Adds an item; a folded version of a notification replaces the text of its item until the digest is sent.</summary>
    Task AddAsync(DigestItem item, CancellationToken cancellationToken);

    /// <summary>The due digests (user and time) with their items, oldest first.</summary>
    Task<IReadOnlyList<DueDigest>> GetDueAsync(DateTimeOffset now, int maxDigests, CancellationToken cancellationToken);

    Task MarkDigestedAsync(IReadOnlyCollection<long> itemIds, DateTimeOffset at, CancellationToken cancellationToken);
}

public sealed record DueDigest(string UserId, DateTimeOffset DueAt, IReadOnlyList<DigestItem> Items);

/// <summary>Renders e-mails from the templates.</summary>
public interface IEmailComposer
{
    Task<RenderedEmail> NotificationAsync(NotificationEmailModel model, CancellationToken cancellationToken);

    Task<RenderedEmail> DigestAsync(DigestEmailModel model, CancellationToken cancellationToken);

    Task<RenderedEmail> TestAsync(TestEmailModel model, CancellationToken cancellationToken);
}

public sealed record NotificationEmailModel(
    string RecipientName,
    string TypeName,
    string Title,
    string Message,
    string? TicketNumber,
    string? TicketTitle,
    string? Status,
    string? Priority,
    string? Assignee,
    string? TicketUrl,
    string When,
    bool CanReply,
    string PreferencesUrl,
    string UnsubscribeUrl);

public sealed record DigestEmailModel(
    string RecipientName,
    string Day,
    int Count,
    IReadOnlyList<DigestTicketGroup> Tickets,
    string PreferencesUrl,
    string InboxUrl);

public sealed record DigestTicketGroup(string Heading, string? TicketUrl, IReadOnlyList<DigestLine> Lines);

public sealed record DigestLine(string Time, string TypeName, string Title, string Message);

public sealed record TestEmailModel(string SentBy, string When);

/// <summary>Signs and reads one-click unsubscribe tokens (no sign-in: the token is the proof).</summary>
public interface IUnsubscribeTokens
{
    string Create(string userId, NotificationType type);

    bool TryRead(string token, out string userId, out NotificationType type);
}

/// <summary>Protects the secrets the channels store (SMTP/IMAP passwords, webhook URLs) like the integration's API key.</summary>
public interface IChannelSecretProtector
{
    string Protect(string secret);

    /// <summary>The secret, or null when it cannot be unprotected any more.</summary>
    string? TryUnprotect(string protectedSecret);
}

/// <summary>The team channels admins set up.</summary>
public interface IChatChannelStore
{
    Task<IReadOnlyList<ChatChannel>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One channel, tracked: <see cref="SaveAsync"/> writes its changes.</summary>
    Task<ChatChannel?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task AddAsync(ChatChannel channel, CancellationToken cancellationToken);

    Task SaveAsync(ChatChannel channel, CancellationToken cancellationToken);

    /// <summary>Deletes the channel; its queued posts fail with a reason when they come up.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>What the admin sees of the queues: what waits, what failed and why, and what the IT mailbox read.</summary>
public interface IDeliveryMonitor
{
    Task<DeliveryOverview> GetOverviewAsync(int failures, CancellationToken cancellationToken);

    /// <summary>Puts a failed e-mail back in the queue, due now; false when there is no such failed e-mail.</summary>
    Task<bool> RequeueEmailAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> RequeueChatPostAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);
}

public sealed record DeliveryOverview(
    int EmailsQueued,
    int EmailsFailed,
    DateTimeOffset? OldestQueuedEmail,
    int ChatPostsQueued,
    int ChatPostsFailed,
    int DigestItemsWaiting,
    IReadOnlyList<FailedDelivery> Failures);

public sealed record FailedDelivery(string Kind, long Id, string Recipient, string Summary, int Attempts, string Reason, DateTimeOffset CreatedAt);
