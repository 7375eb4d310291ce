namespace Ticketing.Simulator.Tickets;

/// <summary>Public: the requester sees it. Internal: agents only.</summary>
public enum CommentVisibility : byte
{
    Public,
    Internal,
}

/// <summary>A comment on a ticket, as the contract's comment object describes it. Immutable.</summary>
public sealed record TicketComment(
    string Id,
    string TicketId,
    string? AuthorName,
    string? AuthorEmail,
    string Body,
    CommentVisibility Visibility,
    DateTime CreatedAt);

/// <summary>What a new comment says and who says it; validated before it reaches the store.</summary>
public sealed record NewCommentInput(string Body, CommentVisibility Visibility, string? AuthorName, string? AuthorEmail);

/// <summary>A tombstone of the deletions feed: which ticket, and when it was deleted.</summary>
public sealed record Tombstone(string Id, DateTime DeletedAt);

/// <summary>A page of a ticket's comments or of the deletions feed, with the total count that matched.</summary>
public sealed record PageResult<T>(IReadOnlyList<T> Items, int Total);

public enum PostOutcome
{
    Created,

    /// <summary>The Idempotency-Key was used before: the object is the one created then.</summary>
    Replayed,
    TicketNotFound,

    /// <summary>The ticket holds as many of these as it may (100 attachments).</summary>
    LimitReached,
}

/// <summary>The outcome of a POST under a ticket that honours Idempotency-Key; <see cref="Value"/> is set when created or replayed.</summary>
public sealed record PostResult<T>(PostOutcome Outcome, T? Value)
    where T : class;

public static class CommentVisibilities
{
    public static string ToWire(this CommentVisibility visibility) => visibility == CommentVisibility.Internal ? "internal" : "public";

    public static bool TryParse(string? value, out CommentVisibility visibility)
    {
        switch (value)
        {
            case "public":
                visibility = CommentVisibility.Public;
                return true;
            case "internal":
                visibility = CommentVisibility.Internal;
                return true;
            default:
                visibility = default;
                return false;
        }
    }
}
