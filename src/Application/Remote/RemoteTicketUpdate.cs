using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>
/// The body of <c>PATCH /tickets/{id}</c>: only the fields that are set are sent, and a field set to
/// null is sent as null (cleared). <c>new RemoteTicketUpdate { Status = TicketStatus.Resolved }</c>
/// changes the status only; <c>AssigneeId = null</c> unassigns.
/// </summary>
public sealed record RemoteTicketUpdate
{
    public Optional<string> Title { get; init; }
    public Optional<string?> Description { get; init; }
    public Optional<TicketStatus> Status { get; init; }
    public Optional<TicketPriority> Priority { get; init; }
    public Optional<string?> Category { get; init; }
    public Optional<string?> Department { get; init; }
    public Optional<string?> AssigneeId { get; init; }
    public Optional<string?> AssigneeName { get; init; }
    public Optional<DateTimeOffset?> DueDate { get; init; }
    public Optional<string[]> Tags { get; init; }

    /// <summary>A JSON object's text.</summary>
    public Optional<string> CustomFieldsJson { get; init; }

    public bool IsEmpty =>
        !(Title.HasValue || Description.HasValue || Status.HasValue || Priority.HasValue || Category.HasValue
          || Department.HasValue || AssigneeId.HasValue || AssigneeName.HasValue || DueDate.HasValue
          || Tags.HasValue || CustomFieldsJson.HasValue);
}
