using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Notifications;

public sealed class NotificationFoldingTests
{
    private static readonly Guid TicketId = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static (TicketEventContext, ReaderChange) Change(long eventId, DateTimeOffset recordedAt, NotificationChange change, string user = "alex", Guid? ticket = null) =>
        (new TicketEventContext(eventId, ticket ?? TicketId, TicketEventType.StatusChanged, null, null, null, recordedAt, "IT-004217", "VPN drops",
            T0.AddDays(-1), TicketStatus.Open, null, null, null, null, [], []),
         new ReaderChange(user, change with { EventId = eventId }));

    private static readonly NotificationChange Resolved = new(NotificationChangeKind.Status, 0, "resolved");
    private static readonly NotificationChange ToYou = new(NotificationChangeKind.Assignee, 0, "agt_1", "Alex Morgan", ToReader: true);
    private static readonly NotificationChange Reply = new(NotificationChangeKind.Comment, 0, Name: "Sam Ito", Visibility: CommentVisibility.Public);

    [Fact]
    public void Three_changes_within_a_minute_become_one_notification_that_names_all_three()
    {
        var writes = NotificationFolding.Fold(
            [Change(1, T0, Resolved), Change(2, T0.AddSeconds(20), ToYou), Change(3, T0.AddSeconds(59), Reply)],
            open: []);

        var write = writes.ShouldHaveSingleItem();
        write.ExistingId.ShouldBeNull();
        write.Title.ShouldBe("IT-004217: status → Resolved, assignee → you, reply from Sam Ito");
        write.Type.ShouldBe(NotificationType.Assignment);
        write.Changes.Select(c => c.EventId).ShouldBe([1, 2, 3]);
        write.FoldUntil.ShouldBe(T0 + NotificationFold.Window);
        write.DedupeKey.ShouldBe("evt:1:alex");
        write.Message.ShouldBe("VPN drops");
    }

    [Fact]
    public void A_change_a_minute_or_more_after_the_first_starts_a_new_notification()
    {
        var writes = NotificationFolding.Fold([Change(1, T0, Resolved), Change(2, T0.AddMinutes(1), ToYou)], open: []);

        writes.Select(w => w.DedupeKey).ShouldBe(["evt:1:alex", "evt:2:alex"]);
    }

    [Fact]
    public void Each_reader_and_each_ticket_gets_a_notification_of_their_own()
    {
        var other = Guid.NewGuid();
        var writes = NotificationFolding.Fold(
            [Change(1, T0, Resolved, "alex"), Change(1, T0, Resolved, "sam"), Change(2, T0, Reply, "alex", other)],
            open: []);

        writes.Select(w => (w.UserId, w.TicketId)).ShouldBe([("alex", TicketId), ("sam", TicketId), ("alex", other)], ignoreOrder: true);
    }

    [Fact]
    public void A_change_joins_the_unread_notification_still_open_for_its_ticket()
    {
        var open = new OpenNotification(Guid.NewGuid(), TicketId, "alex", T0.AddSeconds(30), [Resolved with { EventId = 7 }]);

        var write = NotificationFolding.Fold([Change(9, T0.AddSeconds(10), ToYou)], [open]).ShouldHaveSingleItem();

        write.ExistingId.ShouldBe(open.Id);
        write.Changes.Select(c => c.EventId).ShouldBe([7, 9]);
        write.Title.ShouldBe("IT-004217: status → Resolved, assignee → you");
        write.FoldUntil.ShouldBe(open.FoldUntil);
    }

    [Fact]
    public void A_change_already_in_the_open_notification_is_not_added_again()
    {
        var open = new OpenNotification(Guid.NewGuid(), TicketId, "alex", T0.AddSeconds(30), [Resolved with { EventId = 7 }]);

        NotificationFolding.Fold([Change(7, T0, Resolved)], [open]).ShouldBeEmpty();
    }

    [Fact]
    public void The_latest_status_wins_and_comments_are_counted()
    {
        var writes = NotificationFolding.Fold(
            [
                Change(1, T0, new NotificationChange(NotificationChangeKind.Status, 0, "in_progress")),
                Change(2, T0, Reply),
                Change(3, T0, Resolved),
                Change(4, T0, Reply with { Visibility = CommentVisibility.Internal }),
            ],
            open: []);

        var write = writes.ShouldHaveSingleItem();
        write.Title.ShouldBe("IT-004217: status → Resolved, 2 new comments");
        write.Type.ShouldBe(NotificationType.StatusChange);
    }
}
