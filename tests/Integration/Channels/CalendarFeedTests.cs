using System.Net;
using Ical.Net;
using Shouldly;
using Ticketing.Application.Channels.Commands.RotateCalendarFeed;
using Ticketing.Application.Channels.Queries.GetMyChannelSettings;
using Ticketing.Application.Notifications.Commands.FollowTicket;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Domain.Tickets;

namespace Ticketing.IntegrationTests.Channels;

/// <summary>The personal calendar feed over HTTP, parsed back with Ical.Net.</summary>
public sealed class CalendarFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_feed_lists_due_dates_with_stable_uids_follows_a_moved_due_date_and_rotates()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "calendar" });
        var sam = await EmailChannelTests.CreateUserAsync(app, "sam.calendar@example.test", "agt_cal_1");
        var due = new DateTimeOffset(2030, 3, 4, 15, 30, 0, TimeSpan.Zero);
        var ticket = await EmailChannelTests.AssignAsync(app, "agt_cal_1", dueDate: due);
        var user = TestUser.WithId(sam);
        var ticketId = await EmailChannelTests.CachedIdAsync(app, ticket);

        var url = new Uri(await app.SendAsync(new RotateCalendarFeedCommand(), user));
        (await app.SendAsync(new GetMyChannelSettingsQuery(), user)).CalendarUrl.ShouldBe(url.ToString());

        var calendar = await FetchAsync(app, url);
        var item = calendar.Events.ShouldHaveSingleItem();
        item.Uid.ShouldBe($"ticket-{ticketId:N}@ticketing");
        item.Summary.ShouldBe($"Due: {ticket.TicketNumber} {ticket.Title}");
        item.DtStart!.AsUtc.ShouldBe(due.UtcDateTime);
        item.Url!.AbsolutePath.ShouldBe($"/Tickets/Details/{ticketId}");

        var later = due.AddDays(2);
        await EmailChannelTests.UpsertAsync(app, EmailChannelTests.Copy(ticket, t => { t.DueDate = later; t.UpdatedAt = t.UpdatedAt.AddMinutes(1); }));
        var moved = (await FetchAsync(app, url)).Events.ShouldHaveSingleItem();
        moved.Uid.ShouldBe(item.Uid);
        moved.DtStart!.AsUtc.ShouldBe(later.UtcDateTime);

        var rotated = new Uri(await app.SendAsync(new RotateCalendarFeedCommand(), user));
        rotated.ShouldNotBe(url);
        using (var old = await app.Client.GetAsync(url.PathAndQuery, Ct))
        {
            old.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await FetchAsync(app, rotated)).Events.ShouldHaveSingleItem().Uid.ShouldBe(item.Uid);

        // Another user's calendar does not show Sam's ticket.
        var other = await EmailChannelTests.CreateUserAsync(app, "kim.calendar@example.test", "agt_cal_2");
        (await FetchAsync(app, new Uri(await app.SendAsync(new RotateCalendarFeedCommand(), TestUser.WithId(other))))).Events.ShouldBeEmpty();
        await Should.ThrowAsync<Ticketing.Application.Common.Exceptions.ForbiddenAccessException>(() => app.SendAsync(new RotateCalendarFeedCommand(), TestUser.Anonymous));
    }

    [Fact]
    public async Task Once_an_SLA_policy_applies_the_feed_shows_its_resolution_due_date_instead_of_the_remotes()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "calendar-sla" });
        var sam = await EmailChannelTests.CreateUserAsync(app, "sam.sla@example.test", "agt_cal_3");
        var remoteDue = new DateTimeOffset(2030, 3, 4, 15, 30, 0, TimeSpan.Zero);
        var ticket = await EmailChannelTests.AssignAsync(app, "agt_cal_3", dueDate: remoteDue);
        var url = new Uri(await app.SendAsync(new RotateCalendarFeedCommand(), TestUser.WithId(sam)));
        (await FetchAsync(app, url)).Events.ShouldHaveSingleItem().DtStart!.AsUtc.ShouldBe(remoteDue.UtcDateTime);

        await app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = 8, PauseWhileWaiting = false },
            TestUser.Admin);
        await app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));

        // The app's own recompute loop may have claimed the ticket first (its claims skip what another holds), so
        // the command above can return before that batch commits: the feed is asked until the recompute shows.
        var policyDue = await Eventually.WaitAsync(
            async () => (await FetchAsync(app, url)).Events.ShouldHaveSingleItem().DtStart!.AsUtc,
            due => due != remoteDue.UtcDateTime,
            "the ticket's SLA is recomputed under the new policy");
        policyDue.ShouldBe(ticket.CreatedAt.AddHours(8).UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_feed_also_lists_followed_tickets_and_the_requesters_own_until_muted()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "calendar-follow" });
        var kim = await EmailChannelTests.CreateUserAsync(app, "kim.follow@example.test", "agt_cal_3");
        var user = TestUser.WithId(kim);
        var followedDue = new DateTimeOffset(2030, 5, 6, 9, 0, 0, TimeSpan.Zero);
        var followed = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-1), dueDate: followedDue);
        var requested = EmailChannelTests.Copy(
            TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Medium, DateTimeOffset.UtcNow.AddHours(-1), dueDate: followedDue.AddDays(1)),
            t => t.RequesterEmail = "KIM.follow@example.test");
        var unrelated = TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, DateTimeOffset.UtcNow.AddHours(-1), dueDate: followedDue.AddDays(2));
        foreach (var ticket in new[] { followed, requested, unrelated })
        {
            await EmailChannelTests.UpsertAsync(app, ticket);
        }

        var followedId = await EmailChannelTests.CachedIdAsync(app, followed);
        var requestedId = await EmailChannelTests.CachedIdAsync(app, requested);
        var url = new Uri(await app.SendAsync(new RotateCalendarFeedCommand(), user));

        (await FetchAsync(app, url)).Events.Select(e => e.Uid).ShouldBe([$"ticket-{requestedId:N}@ticketing"]);

        (await app.SendAsync(new FollowTicketCommand(followedId, Follow: true), user)).ShouldNotBeNull();
        var both = (await FetchAsync(app, url)).Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        both.Select(e => e.Uid).ShouldBe([$"ticket-{followedId:N}@ticketing", $"ticket-{requestedId:N}@ticketing"]);
        both[0].DtStart!.AsUtc.ShouldBe(followedDue.UtcDateTime);
        both[0].Description!.ShouldContain("You follow it");

        // Muting the ticket one requested, and stopping to follow the other, empties the calendar.
        await app.SendAsync(new FollowTicketCommand(requestedId, Follow: false), user);
        await app.SendAsync(new FollowTicketCommand(followedId, Follow: false), user);
        (await FetchAsync(app, url)).Events.ShouldBeEmpty();
    }

    private static async Task<Calendar> FetchAsync(TestApp app, Uri url)
    {
        using var response = await app.Client.GetAsync(url.PathAndQuery, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        return Calendar.Load(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
