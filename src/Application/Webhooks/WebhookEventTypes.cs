namespace Ticketing.Application.Webhooks;

/// <summary>The contract's webhook <c>type</c> values this app applies; the remote may add others.</summary>
public static class WebhookEventTypes
{
    public const string Created = "ticket.created";
    public const string Updated = "ticket.updated";
    public const string Deleted = "ticket.deleted";
    public const string CommentAdded = "ticket.comment_added";

    /// <summary>Contract 1.1: <c>data</c> holds the ticket and the <c>attachment</c>'s metadata.</summary>
    public const string AttachmentAdded = "ticket.attachment_added";

    public static bool IsKnown(string? type) => type is Created or Updated or Deleted or CommentAdded or AttachmentAdded;
}
