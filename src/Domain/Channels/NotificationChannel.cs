namespace Ticketing.Domain.Channels;

/// <summary>Where a notification can reach its user.</summary>
public enum NotificationChannel
{
    /// <summary>The inbox in the app (and its badge and toasts).</summary>
    InApp = 0,

    Email = 1,

    /// <summary>The user's own chat webhook (a Slack, Mattermost, Rocket.Chat or Teams incoming webhook).</summary>
    Chat = 2,
}

/// <summary>When e-mails go out: one per notification, or one a day at the user's chosen hour.</summary>
public enum EmailDelivery
{
    Immediate = 0,
    DailyDigest = 1,
}
