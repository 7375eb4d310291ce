namespace Ticketing.Simulator.Tickets;

public enum TicketChangeKind
{
    Created,
    Updated,
    Deleted,
    CommentAdded,
    AttachmentAdded,
}

/// <summary>
/// One change the simulator made; for a deletion <see cref="Ticket"/> is the last state. A comment
/// or attachment change carries the ticket after the change and what was added.
/// </summary>
public sealed record TicketChange(
    TicketChangeKind Kind,
    Ticket Ticket,
    TicketComment? Comment,
    DateTime OccurredAt,
    TicketAttachment? Attachment = null);

/// <summary>
/// Receives every change in the order the store applied them. Called under the store's write lock,
/// so an implementation must only enqueue, never block.
/// </summary>
public interface ITicketChangeSink
{
    void Publish(TicketChange change);
}

public static class TicketChangeKindExtensions
{
    public static string ToEventType(this TicketChangeKind kind) => "ticket." + kind.ToWire();

    public static string ToWire(this TicketChangeKind kind) => kind switch
    {
        TicketChangeKind.Created => "created",
        TicketChangeKind.Updated => "updated",
        TicketChangeKind.Deleted => "deleted",
        TicketChangeKind.CommentAdded => "comment_added",
        _ => "attachment_added",
    };
}
