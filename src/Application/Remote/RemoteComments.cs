using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>
/// One page of a ticket's comments (<c>GET /tickets/{id}/comments</c>), de-duplicated, oldest first.
/// <see cref="TicketComment.TicketId"/> is left for the caller.
/// </summary>
public sealed record RemoteCommentBatch(
    IReadOnlyList<TicketComment> Comments,
    IReadOnlyList<RemoteRecordError> Errors,
    int Retries);

/// <summary>
/// The body of <c>POST /tickets/{id}/comments</c>. The author's e-mail is personal data, so
/// <see cref="ToString"/> leaves it out, and the body too.
/// </summary>
public sealed record RemoteCommentCreate(
    string Body,
    CommentVisibility Visibility = CommentVisibility.Public,
    string? AuthorName = null,
    string? AuthorEmail = null)
{
    public override string ToString() =>
        $"RemoteCommentCreate {{ Body = ({Body.Length} characters), Visibility = {Visibility}, AuthorName = {AuthorName}, " +
        $"AuthorEmail = {(AuthorEmail is null ? "null" : "(set)")} }}";
}

/// <summary>The comment created (or, for a repeated Idempotency-Key, the one created the first time).</summary>
public sealed record RemoteCreatedComment(TicketComment Comment, bool IsReplay, int Retries);
