using Shouldly;
using Ticketing.Application.Notifications;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Notifications;

public sealed class NotificationRulesTests
{
    private static readonly Guid TicketId = Guid.NewGuid();
    private static readonly DateTimeOffset WatchingSince = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = WatchingSince.AddDays(2);

    private static TicketEventContext Event(
        TicketEventType type,
        string? oldValue = null,
        string? newValue = null,
        string? actor = null,
        TicketStatus statusBefore = TicketStatus.Open,
        string? requester = "user-requester",
        string? assignee = "user-assignee",
        DateTimeOffset? ticketCreated = null,
        EventComment? comment = null,
        string[]? followers = null,
        string[]? muted = null) =>
        new(42, TicketId, type, oldValue, newValue, actor, Later, "IT-004217", "VPN drops", ticketCreated ?? Later.AddHours(-1),
            statusBefore, requester, assignee, "Alex Morgan", comment, followers ?? [], muted ?? []);

    private static EventComment Comment(CommentVisibility? visibility, string? author = "user-other") =>
        new("Sam Ito", author, visibility, Later.AddMinutes(-1));

    private static IReadOnlyList<ReaderChange> For(TicketEventContext e) => NotificationRules.For(e, WatchingSince);

    [Fact]
    public void An_assignment_tells_the_new_assignee_it_is_theirs()
    {
        var change = For(Event(TicketEventType.AssignmentChanged, "agt_2", "agt_1")).ShouldHaveSingleItem();

        change.UserId.ShouldBe("user-assignee");
        change.Change.ShouldBe(new NotificationChange(NotificationChangeKind.Assignee, 42, "agt_1", "Alex Morgan", ToReader: true));
    }

    [Fact]
    public void An_assignment_tells_the_followers_who_has_it_now_and_reaches_the_assignee_even_when_they_muted_the_ticket()
    {
        var changes = For(Event(TicketEventType.AssignmentChanged, "agt_2", "agt_1", followers: ["user-follower"], muted: ["user-assignee"]));

        changes.Select(c => (c.UserId, c.Change.ToReader)).ShouldBe([("user-assignee", true), ("user-follower", false)], ignoreOrder: true);
    }

    [Fact]
    public void A_new_ticket_the_mirror_saw_being_created_is_told_to_its_assignee()
    {
        For(Event(TicketEventType.Created, newValue: "agt_1")).ShouldHaveSingleItem().Change.Kind.ShouldBe(NotificationChangeKind.Created);
    }

    [Fact]
    public void A_ticket_created_before_the_mirror_began_watching_is_history_not_news()
    {
        var discovered = Event(TicketEventType.Created, newValue: "agt_1", ticketCreated: WatchingSince.AddSeconds(-1));

        NotificationRules.IsNews(discovered, WatchingSince).ShouldBeFalse();
        For(discovered).ShouldBeEmpty();
    }

    [Fact]
    public void A_comment_written_before_the_mirror_began_watching_is_history_not_news()
    {
        var old = Event(TicketEventType.CommentAdded, comment: new EventComment("Sam Ito", null, CommentVisibility.Public, WatchingSince.AddDays(-3)));

        For(old).ShouldBeEmpty();
    }

    [Fact]
    public void Before_any_event_was_recorded_nothing_counts_as_history()
    {
        NotificationRules.For(Event(TicketEventType.Created, newValue: "agt_1", ticketCreated: WatchingSince.AddYears(-1)), watchingSince: null)
            .ShouldHaveSingleItem();
    }

    [Fact]
    public void A_status_change_is_told_to_the_requester_the_assignee_and_the_followers()
    {
        var changes = For(Event(TicketEventType.StatusChanged, "open", "in_progress", followers: ["user-follower", "user-assignee"]));

        changes.Select(c => c.UserId).ShouldBe(["user-requester", "user-assignee", "user-follower"], ignoreOrder: true);
        changes.ShouldAllBe(c => c.Change == new NotificationChange(NotificationChangeKind.Status, 42, "in_progress", null, false, null));
    }

    [Theory]
    [InlineData("in_progress", "resolved")]
    [InlineData("open", "cancelled")]
    [InlineData("resolved", "open")]
    [InlineData("closed", "in_progress")]
    public void A_change_that_finishes_or_reopens_a_ticket_is_news(string from, string to)
    {
        For(Event(TicketEventType.StatusChanged, from, to, statusBefore: Enum.Parse<TicketStatus>(from.Replace("_", ""), ignoreCase: true))).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("resolved", "closed")]
    [InlineData("closed", "cancelled")]
    [InlineData("cancelled", "resolved")]
    public void Moves_between_finished_statuses_make_no_noise(string from, string to)
    {
        For(Event(TicketEventType.StatusChanged, from, to)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed)]
    [InlineData(TicketStatus.Cancelled)]
    public void Nothing_is_told_about_a_ticket_already_finished_before_the_change(TicketStatus finished)
    {
        For(Event(TicketEventType.AssignmentChanged, "agt_2", "agt_1", statusBefore: finished)).ShouldBeEmpty();
        For(Event(TicketEventType.CommentAdded, statusBefore: finished, comment: Comment(CommentVisibility.Public))).ShouldBeEmpty();
        For(Event(TicketEventType.Created, newValue: "agt_1", statusBefore: finished)).ShouldBeEmpty();
    }

    [Fact]
    public void A_public_reply_reaches_the_requester_the_assignee_and_the_followers()
    {
        var changes = For(Event(TicketEventType.CommentAdded, comment: Comment(CommentVisibility.Public), followers: ["user-follower"]));

        changes.Select(c => c.UserId).ShouldBe(["user-requester", "user-assignee", "user-follower"], ignoreOrder: true);
        changes[0].Change.ShouldBe(new NotificationChange(NotificationChangeKind.Comment, 42, null, "Sam Ito", false, CommentVisibility.Public));
    }

    [Theory]
    [InlineData(CommentVisibility.Internal)]
    [InlineData(null)]
    public void An_internal_note_or_a_comment_of_unknown_visibility_never_reaches_the_requester_even_one_who_follows(CommentVisibility? visibility)
    {
        var changes = For(Event(TicketEventType.CommentAdded, comment: Comment(visibility), followers: ["user-requester", "user-follower"]));

        changes.Select(c => c.UserId).ShouldBe(["user-assignee", "user-follower"], ignoreOrder: true);
    }

    [Fact]
    public void A_requester_who_is_also_the_assignee_hears_of_internal_notes_as_the_assignee_once()
    {
        For(Event(TicketEventType.CommentAdded, requester: "same", assignee: "same", comment: Comment(CommentVisibility.Internal)))
            .ShouldHaveSingleItem().UserId.ShouldBe("same");
    }

    [Fact]
    public void Nobody_hears_of_their_own_change_or_their_own_comment()
    {
        For(Event(TicketEventType.StatusChanged, "open", "pending", actor: "user-assignee")).ShouldHaveSingleItem().UserId.ShouldBe("user-requester");
        For(Event(TicketEventType.AssignmentChanged, "agt_2", "agt_1", actor: "user-assignee")).ShouldBeEmpty();
        For(Event(TicketEventType.CommentAdded, comment: Comment(CommentVisibility.Public, author: "user-requester")))
            .ShouldHaveSingleItem().UserId.ShouldBe("user-assignee");
    }

    [Fact]
    public void Whoever_muted_a_ticket_hears_nothing_more_of_it_but_an_assignment()
    {
        var muted = new[] { "user-requester", "user-assignee" };

        For(Event(TicketEventType.StatusChanged, "open", "resolved", muted: muted)).ShouldBeEmpty();
        For(Event(TicketEventType.CommentAdded, comment: Comment(CommentVisibility.Public), muted: muted)).ShouldBeEmpty();
    }

    [Fact]
    public void A_comment_that_is_no_longer_stored_and_a_deletion_are_told_to_nobody()
    {
        For(Event(TicketEventType.CommentAdded, comment: null)).ShouldBeEmpty();
        For(Event(TicketEventType.Deleted)).ShouldBeEmpty();
    }
}
