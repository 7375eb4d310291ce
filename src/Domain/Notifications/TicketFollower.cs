namespace Ticketing.Domain.Notifications;

/// <summary>
/// A user's explicit choice about one ticket's notifications (<c>ticket_followers</c>). The assignee
/// and the requester follow without a row; a row with <see cref="Following"/> false is one of them
/// who chose to stop, a row with true anyone who chose to follow.
/// </summary>
public sealed class TicketFollower
{
    public Guid TicketId { get; set; }
    public required string UserId { get; set; }
    public bool Following { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Why a user gets a ticket's notifications.</summary>
public enum FollowReason
{
    /// <summary>They do not.</summary>
    None = 0,

    /// <summary>They chose to follow it.</summary>
    Chosen = 1,

    /// <summary>It is assigned to them.</summary>
    Assignee = 2,

    /// <summary>They asked for it (the ticket's requester e-mail is theirs).</summary>
    Requester = 3,
}

/// <summary>
/// One user's relation to one ticket. <see cref="Muted"/>: the assignee or requester chose to stop
/// following (an assignment to them is still told).
/// </summary>
public sealed record FollowState(Guid TicketId, bool Following, FollowReason Reason, bool Muted)
{
    /// <summary>The state from the user's roles on the ticket and their explicit choice (null: none).</summary>
    public static FollowState From(Guid ticketId, bool isAssignee, bool isRequester, bool? choice)
    {
        var automatic = isAssignee ? FollowReason.Assignee : isRequester ? FollowReason.Requester : FollowReason.None;
        return choice switch
        {
            true => new FollowState(ticketId, true, automatic == FollowReason.None ? FollowReason.Chosen : automatic, false),
            false => new FollowState(ticketId, false, FollowReason.None, automatic != FollowReason.None),
            null => new FollowState(ticketId, automatic != FollowReason.None, automatic, false),
        };
    }
}
