namespace Ticketing.Domain.Channels;

/// <summary>Where a queued e-mail or chat post stands.</summary>
public enum DeliveryState
{
    /// <summary>Waiting for its first attempt, or for its next one after a transient failure.</summary>
    Queued = 0,

    /// <summary>Claimed by a sender; if the sender dies the claim runs out and it is tried again.</summary>
    Sending = 1,

    Sent = 2,

    /// <summary>Refused for good (or out of attempts): shown to admins with the reason.</summary>
    Failed = 3,
}

/// <summary>The retry rule shared by e-mail and chat: doubling waits, capped, a bounded number of attempts.</summary>
public static class DeliveryBackoff
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt (1-based): base, 2×base, 4×base … up to an hour.</summary>
    public static TimeSpan After(int attempts, TimeSpan baseDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, MaxDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
