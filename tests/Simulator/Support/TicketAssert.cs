using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests.Support;

internal static class TicketAssert
{
    /// <summary>Every field of the wire ticket equals the stored one.</summary>
    public static void Matches(TicketView actual, Ticket expected)
    {
        actual.Id.ShouldBe(expected.Id);
        actual.TicketNumber.ShouldBe(expected.TicketNumber);
        actual.Title.ShouldBe(expected.Title);
        actual.Description.ShouldBe(expected.Description);
        actual.Status.ShouldBe(expected.Status.ToWire());
        actual.Priority.ShouldBe(expected.Priority.ToWire());
        actual.Category.ShouldBe(expected.Category);
        actual.RequesterId.ShouldBe(expected.RequesterId);
        actual.RequesterName.ShouldBe(expected.RequesterName);
        actual.RequesterEmail.ShouldBe(expected.RequesterEmail);
        actual.AssigneeId.ShouldBe(expected.AssigneeId);
        actual.AssigneeName.ShouldBe(expected.AssigneeName);
        actual.Department.ShouldBe(expected.Department);
        actual.CreatedAt.UtcDateTime.ShouldBe(expected.CreatedAt);
        actual.UpdatedAt.UtcDateTime.ShouldBe(expected.UpdatedAt);
        DateTime? resolvedAt = actual.ResolvedAt?.UtcDateTime;
        resolvedAt.ShouldBe(expected.ResolvedAt);
        DateTime? dueDate = actual.DueDate?.UtcDateTime;
        dueDate.ShouldBe(expected.DueDate);
        actual.Tags.ShouldBe(expected.Tags);
        actual.CustomFields.GetRawText().ShouldBe(expected.CustomFieldsJson);
    }
}
