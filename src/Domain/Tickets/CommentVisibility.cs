namespace Ticketing.Domain.Tickets;

/// <summary>Who may read a comment at the remote: the requester too, or agents only.</summary>
public enum CommentVisibility
{
    Public = 0,
    Internal = 1,
}
