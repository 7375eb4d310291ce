using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications;
using Ticketing.Application.Notifications.Commands.DispatchTicketEvents;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Notifications;

public sealed class DispatchTicketEventsHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ITicketEventFeed _feed = Substitute.For<ITicketEventFeed>();
    private readonly ITicketEventClaim _claim = Substitute.For<ITicketEventClaim>();
    private readonly ILiveUpdates _live = Substitute.For<ILiveUpdates>();
    private readonly DispatchTicketEventsHandler _handler;

    public DispatchTicketEventsHandlerTests()
    {
        _feed.ClaimAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(_claim);
        _claim.WatchingSince.Returns(Now.AddDays(-1));
        _claim.GetOpenNotificationsAsync(Arg.Any<IReadOnlyCollection<(Guid, string)>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns([]);
        _handler = new DispatchTicketEventsHandler(_feed, _live, new FakeTimeProvider(Now), NullLogger<DispatchTicketEventsHandler>.Instance);
    }

    private static TicketEventContext Event(long id, TicketEventType type, string? oldValue, string? newValue, DateTimeOffset created) =>
        new(id, Guid.Parse("0191d1c4-0000-7000-8000-000000000001"), type, oldValue, newValue, null, Now.AddSeconds(-5), "IT-7", "Printer jam",
            created, TicketStatus.Open, "user-requester", "user-assignee", "Alex Morgan", null, [], []);

    [Fact]
    public async Task Nothing_waiting_writes_nothing_and_tells_no_page()
    {
        _claim.Events.Returns([]);

        (await _handler.Handle(new DispatchTicketEventsCommand(), Ct)).ShouldBe(0);

        await _claim.DidNotReceiveWithAnyArgs().CompleteAsync(default!, default, Ct);
        await _live.DidNotReceiveWithAnyArgs().TicketsChangedAsync(default!, Ct);
        await _claim.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task History_is_marked_handled_without_a_notification()
    {
        _claim.Events.Returns([Event(1, TicketEventType.Created, null, "agt_1", created: Now.AddDays(-30))]);

        (await _handler.Handle(new DispatchTicketEventsCommand(), Ct)).ShouldBe(1);

        await _claim.Received(1).CompleteAsync(Arg.Is<IReadOnlyList<NotificationWrite>>(w => w.Count == 0), Now, Arg.Any<CancellationToken>());
        await _live.DidNotReceiveWithAnyArgs().NotificationsChangedAsync(default!, Ct);
    }

    [Fact]
    public async Task News_is_folded_per_reader_stored_once_with_the_events_and_then_told_to_open_pages()
    {
        _claim.Events.Returns([
            Event(1, TicketEventType.StatusChanged, "open", "resolved", created: Now.AddHours(-1)),
            Event(2, TicketEventType.AssignmentChanged, "agt_2", "agt_1", created: Now.AddHours(-1)),
        ]);
        IReadOnlyList<NotificationWrite>? stored = null;
        await _claim.CompleteAsync(Arg.Do<IReadOnlyList<NotificationWrite>>(w => stored = w), Now, Arg.Any<CancellationToken>());

        await _handler.Handle(new DispatchTicketEventsCommand(), Ct);

        stored.ShouldNotBeNull();
        stored.Select(w => (w.UserId, w.Title)).ShouldBe(
            [("user-requester", "IT-7: status → Resolved"), ("user-assignee", "IT-7: status → Resolved, assignee → you")], ignoreOrder: true);
        Received.InOrder(() =>
        {
            _claim.CompleteAsync(Arg.Any<IReadOnlyList<NotificationWrite>>(), Now, Arg.Any<CancellationToken>());
            _live.NotificationsChangedAsync(Arg.Is<IReadOnlyCollection<string>>(u => u.Count == 2), Arg.Any<CancellationToken>());
        });
        await _live.Received(1).TicketsChangedAsync(
            Arg.Is<IReadOnlyList<TicketChangeNotice>>(n => n.Count == 1 && n[0].Text == "IT-7 was reassigned"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Another_change_notifies_nobody_but_tells_open_pages()
    {
        _claim.Events.Returns([Event(1, TicketEventType.Updated, null, null, created: Now.AddHours(-1))]);

        (await _handler.Handle(new DispatchTicketEventsCommand(), Ct)).ShouldBe(1);

        await _claim.Received(1).CompleteAsync(Arg.Is<IReadOnlyList<NotificationWrite>>(w => w.Count == 0), Now, Arg.Any<CancellationToken>());
        await _live.DidNotReceiveWithAnyArgs().NotificationsChangedAsync(default!, Ct);
        await _live.Received(1).TicketsChangedAsync(
            Arg.Is<IReadOnlyList<TicketChangeNotice>>(n => n.Count == 1 && n[0].Text == "IT-7 was updated"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_failure_to_store_leaves_the_events_for_the_next_claim_and_tells_no_page()
    {
        _claim.Events.Returns([Event(1, TicketEventType.StatusChanged, "open", "resolved", created: Now.AddHours(-1))]);
        _claim.CompleteAsync(Arg.Any<IReadOnlyList<NotificationWrite>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException(new InvalidOperationException("the database went away")));

        await Should.ThrowAsync<InvalidOperationException>(async () => await _handler.Handle(new DispatchTicketEventsCommand(), Ct));

        await _claim.Received(1).DisposeAsync();
        await _live.DidNotReceiveWithAnyArgs().NotificationsChangedAsync(default!, Ct);
    }
}
