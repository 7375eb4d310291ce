using Shouldly;
using Ticketing.Application.Notifications;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Notifications;

public sealed class NotificationRulesTests
{
    private static readonly Guid TicketId = Guid.NewGuid();

    private static TicketEventContext Event(
        TicketEventType type,
        string? oldValue = null,
        string? newValue = null,
        string? actor = null,
        TicketStatus status = TicketStatus.Open,
        string? requester = "user-requester",
        string? assignee = "user-assignee") =>
        new(42, TicketId, type, oldValue, newValue, actor, "IT-004217", "VPN drops", status, requester, assignee);

    [Fact]
    public void An_assignment_notifies_the_new_assignee_only()
    {
        var drafts = NotificationRules.For(Event(TicketEventType.AssignmentChanged, "agt_1", "agt_2"));

        var draft = drafts.ShouldHaveSingleItem();
        draft.UserId.ShouldBe("user-assignee");
        draft.Type.ShouldBe(NotificationType.Assignment);
        draft.Title.ShouldBe("IT-004217 was assigned to you");
        draft.DedupeKey.ShouldBe("evt:42:user-assignee");
    }

    [Fact]
    public void A_new_ticket_assigned_to_a_local_user_notifies_them()
    {
        NotificationRules.For(Event(TicketEventType.Created, newValue: "agt_2")).ShouldHaveSingleItem().Type.ShouldBe(NotificationType.Assignment);
    }

    [Fact]
    public void An_unassignment_or_an_assignee_without_a_local_user_notifies_nobody()
    {
        NotificationRules.For(Event(TicketEventType.AssignmentChanged, "agt_1", null, assignee: null)).ShouldBeEmpty();
    }

    [Fact]
    public void A_status_change_notifies_the_requester_and_the_assignee()
    {
        var drafts = NotificationRules.For(Event(TicketEventType.StatusChanged, "open", "in_progress"));

        drafts.Select(d => d.UserId).ShouldBe(["user-requester", "user-assignee"], ignoreOrder: true);
        drafts.ShouldAllBe(d => d.Type == NotificationType.StatusChange && d.Title == "IT-004217 is now in progress");
    }

    [Fact]
    public void A_requester_who_is_also_the_assignee_gets_one_notification()
    {
        NotificationRules.For(Event(TicketEventType.StatusChanged, "open", "resolved", requester: "same", assignee: "same")).ShouldHaveSingleItem();
    }

    [Fact]
    public void The_change_that_closes_a_ticket_is_notified()
    {
        NotificationRules.For(Event(TicketEventType.StatusChanged, "resolved", "closed", status: TicketStatus.Closed)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("closed", "open")]
    [InlineData("cancelled", "closed")]
    public void Changes_to_a_ticket_already_closed_or_cancelled_make_no_noise(string from, string to)
    {
        NotificationRules.For(Event(TicketEventType.StatusChanged, from, to)).ShouldBeEmpty();
    }

    [Fact]
    public void Comments_on_closed_tickets_make_no_noise_but_on_open_ones_they_do()
    {
        NotificationRules.For(Event(TicketEventType.CommentAdded, status: TicketStatus.Closed)).ShouldBeEmpty();
        NotificationRules.For(Event(TicketEventType.CommentAdded)).Select(d => d.Type).Distinct().ShouldBe([NotificationType.Comment]);
    }

    [Fact]
    public void Nobody_is_notified_of_a_change_they_made_themselves()
    {
        var drafts = NotificationRules.For(Event(TicketEventType.StatusChanged, "open", "pending", actor: "user-assignee"));

        drafts.ShouldHaveSingleItem().UserId.ShouldBe("user-requester");
        NotificationRules.For(Event(TicketEventType.AssignmentChanged, "agt_1", "agt_2", actor: "user-assignee")).ShouldBeEmpty();
    }

    [Fact]
    public void Deletions_notify_nobody()
    {
        NotificationRules.For(Event(TicketEventType.Deleted)).ShouldBeEmpty();
    }
}
