using Shouldly;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Templates;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Domain;

public sealed class NotificationFoldTests
{
    [Theory]
    [InlineData(CommentVisibility.Public, "IT-1: reply from Sam Ito")]
    [InlineData(CommentVisibility.Internal, "IT-1: internal note from Sam Ito")]
    [InlineData(null, "IT-1: comment from Sam Ito")]
    public void A_single_comment_says_what_kind_and_by_whom(CommentVisibility? visibility, string title)
    {
        NotificationFold.Title("IT-1", [new NotificationChange(NotificationChangeKind.Comment, 1, Name: "Sam Ito", Visibility: visibility)]).ShouldBe(title);
    }

    [Fact]
    public void Statuses_are_words_and_assignments_to_someone_else_name_them()
    {
        NotificationFold.Title("IT-1", [
            new NotificationChange(NotificationChangeKind.Status, 1, "on_hold"),
            new NotificationChange(NotificationChangeKind.Assignee, 2, "agt_2", "Sam Ito"),
        ]).ShouldBe("IT-1: status → On hold, assignee → Sam Ito");
        NotificationFold.Title("IT-1", [new NotificationChange(NotificationChangeKind.Assignee, 1, null)]).ShouldBe("IT-1: unassigned");
    }

    [Fact]
    public void A_new_ticket_assigned_to_the_reader_says_so_once()
    {
        var title = NotificationFold.Title("IT-9", [
            new NotificationChange(NotificationChangeKind.Created, 1, "agt_1", "Alex Morgan", ToReader: true),
            new NotificationChange(NotificationChangeKind.Assignee, 2, "agt_1", "Alex Morgan", ToReader: true),
        ]);

        title.ShouldBe("IT-9: new ticket assigned to you");
    }

    [Fact]
    public void Changes_survive_their_json_and_unreadable_json_is_no_changes()
    {
        NotificationChange[] changes =
        [
            new(NotificationChangeKind.Status, 3, "resolved"),
            new(NotificationChangeKind.Comment, 5, Name: "Zoë \"Q\" Ünal", Visibility: CommentVisibility.Internal),
            new(NotificationChangeKind.Assignee, 4, "agt_1", "Alex Morgan", ToReader: true),
        ];

        NotificationFold.FromJson(NotificationFold.ToJson(changes)).ShouldBe([changes[0], changes[2], changes[1]]);
        NotificationFold.FromJson("not json").ShouldBeEmpty();
        NotificationFold.FromJson(null).ShouldBeEmpty();
    }

    [Fact]
    public void A_follow_state_comes_from_the_users_roles_and_their_choice()
    {
        var id = Guid.NewGuid();

        FollowState.From(id, isAssignee: true, isRequester: false, choice: null).ShouldBe(new FollowState(id, true, FollowReason.Assignee, false));
        FollowState.From(id, isAssignee: false, isRequester: true, choice: null).ShouldBe(new FollowState(id, true, FollowReason.Requester, false));
        FollowState.From(id, isAssignee: false, isRequester: false, choice: true).ShouldBe(new FollowState(id, true, FollowReason.Chosen, false));
        FollowState.From(id, isAssignee: true, isRequester: false, choice: false).ShouldBe(new FollowState(id, false, FollowReason.None, true));
        FollowState.From(id, isAssignee: false, isRequester: false, choice: false).ShouldBe(new FollowState(id, false, FollowReason.None, false));
    }

    [Fact]
    public void A_template_title_fills_in_the_date_and_the_user()
    {
        TicketTemplate.ExpandTitle("Laptop for {USER} from {date}", new DateOnly(2026, 12, 6), "Alex Morgan").ShouldBe("Laptop for Alex Morgan from 2026-12-06");
        TicketTemplate.ExpandTitle(null, new DateOnly(2026, 12, 6), null).ShouldBeNull();
    }
}
