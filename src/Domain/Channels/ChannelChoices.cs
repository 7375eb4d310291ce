using Ticketing.Domain.Notifications;

namespace Ticketing.Domain.Channels;

/// <summary>
/// Which notification types reach which channel, and how e-mail is delivered. Types are listed where
/// they are switched <em>off</em>: a type added later reaches every channel until someone turns it off.
/// Shared by a user's own preferences and the admins' defaults for new users.
/// </summary>
public abstract class ChannelChoices
{
    public const int DefaultDigestHour = 8;

    public EmailDelivery EmailDelivery { get; set; } = EmailDelivery.Immediate;

    /// <summary>The hour (0–23, in <see cref="TimeZoneId"/>) at which the daily digest goes out.</summary>
    public int DigestHour { get; set; } = DefaultDigestHour;

    /// <summary>An IANA time zone id; digests and the times in e-mails follow it.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    public List<NotificationType> InAppOff { get; set; } = [];

    public List<NotificationType> EmailOff { get; set; } = [];

    public List<NotificationType> ChatOff { get; set; } = [];

    public bool Allows(NotificationType type, NotificationChannel channel) => !Off(channel).Contains(type);

    public void Set(NotificationType type, NotificationChannel channel, bool on)
    {
        var off = Off(channel);
        off.Remove(type);
        if (!on)
        {
            off.Add(type);
            off.Sort();
        }
    }

    public void CopyChoicesFrom(ChannelChoices other)
    {
        EmailDelivery = other.EmailDelivery;
        DigestHour = other.DigestHour;
        TimeZoneId = other.TimeZoneId;
        InAppOff = [.. other.InAppOff];
        EmailOff = [.. other.EmailOff];
        ChatOff = [.. other.ChatOff];
    }

    public TimeZoneInfo Zone =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>
    /// The first digest time strictly after <paramref name="after"/>: <see cref="DigestHour"/>:00 in the
    /// user's zone. A day whose hour does not exist (the clocks jump over it) sends an hour later.
    /// </summary>
    public DateTimeOffset NextDigestAt(DateTimeOffset after)
    {
        var zone = Zone;
        var localDay = TimeZoneInfo.ConvertTime(after, zone).Date;
        for (var day = localDay.AddDays(-1); ; day = day.AddDays(1))
        {
            var local = day.AddHours(DigestHour);
            if (zone.IsInvalidTime(local))
            {
                local = local.AddHours(1);
            }

            var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
            if (at > after)
            {
                return at;
            }
        }
    }

    private List<NotificationType> Off(NotificationChannel channel) => channel switch
    {
        NotificationChannel.InApp => InAppOff,
        NotificationChannel.Email => EmailOff,
        NotificationChannel.Chat => ChatOff,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };
}

/// <summary>One user's choices (<c>notification_preferences</c>), copied from the defaults when the user is created.</summary>
public sealed class NotificationPreferences : ChannelChoices
{
    public required string UserId { get; set; }

    /// <summary>The user's own incoming-webhook URL, protected at rest; null when the user has none.</summary>
    public string? ChatWebhookUrlProtected { get; set; }

    /// <summary>The host and the last characters of the URL, to show which one is set.</summary>
    public string? ChatWebhookHint { get; set; }

    public ChatFormat ChatFormat { get; set; } = ChatFormat.Slack;

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The admins' choices for new users (<c>notification_defaults</c>, a single row).</summary>
public sealed class NotificationDefaults : ChannelChoices
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Out of the box: everything in the app and by e-mail at once; chat is off until a user sets a webhook.</summary>
    public static NotificationDefaults BuiltIn() => new();
}
