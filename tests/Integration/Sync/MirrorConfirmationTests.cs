using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Identity;
using Ticketing.IntegrationTests.Hosting;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// The app's real sync on PostgreSQL against a scripted remote that changes while it is paged: no
/// live ticket is ever marked deleted, deletions reach the mirror only when the remote confirms them
/// (404, or the deletions feed), comments lost with their webhook arrive with the next sync, and the
/// agents list becomes the assignee choices.
/// </summary>
[StartsFirst]
public sealed class MirrorConfirmationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_sync_through_a_tie_group_changed_while_paged_marks_no_live_ticket_deleted()
    {
        var remote = new ScriptedRemote { ServesVersion11 = false };
        var tie = remote.Now.AddHours(-5);
        remote.Add("tkt_before", tie.AddMinutes(-1));
        for (var i = 0; i < 7; i++)
        {
            remote.Add($"tkt_tie{i:D2}", tie);
        }

        remote.Add("tkt_after", tie.AddMinutes(1));
        await using var sync = await StartAsync(remote, pageSize: 3);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Inserted.ShouldBe(9);

        var updated = false;
        remote.BeforeServe = request =>
        {
            if (!updated && request.Path.EndsWith("/tickets", StringComparison.Ordinal) && request.Query.GetValueOrDefault("page") == "2")
            {
                remote.Update("tkt_tie00");
                updated = true;
            }
        };
        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        updated.ShouldBeTrue();
        result.Deleted.ShouldBe(0);
        result.Run.Status.ShouldBe(SyncStatus.Success);
        await AssertMirrorEqualsRemoteAsync(sync, remote);
    }

    [Fact]
    public async Task A_ticket_missing_from_a_full_pass_is_asked_for_and_deleted_only_on_404()
    {
        var remote = new ScriptedRemote { ServesVersion11 = false };
        for (var i = 0; i < 5; i++)
        {
            remote.Add($"tkt_{i}", remote.Now.AddHours(-i - 1));
        }

        await using var sync = await StartAsync(remote, pageSize: 2);
        await sync.SyncAsync(full: true);
        // One the list loses (the remote still has it), one really gone without a webhook.
        remote.HiddenFromList.Add("tkt_1");
        remote.Tickets.Remove("tkt_3");

        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        result.Deleted.ShouldBe(1);
        var details = await LastDetailsAsync(sync);
        details.DeletionCandidates.ShouldBe(2);
        details.CandidatesConfirmedDeleted.ShouldBe(1);
        details.CandidatesStillLive.ShouldBe(1);
        details.CandidatesUnconfirmed.ShouldBe(0);
        await using var db = sync.Database.CreateDbContext();
        (await db.Tickets.SingleAsync(t => t.ExternalTicketId == "tkt_1", Ct)).DeletedAt.ShouldBeNull();
        (await db.Tickets.SingleAsync(t => t.ExternalTicketId == "tkt_3", Ct)).DeletedAt.ShouldNotBeNull();
        remote.Requests.ShouldContain(r => r.Path.EndsWith("/tickets/tkt_1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Candidates_stay_live_when_the_remote_cannot_confirm_and_the_run_says_so()
    {
        var remote = new ScriptedRemote { ServesVersion11 = false };
        remote.Add("tkt_kept", remote.Now.AddHours(-2));
        remote.Add("tkt_gone", remote.Now.AddHours(-1));
        await using var sync = await StartAsync(remote, pageSize: 10);
        await sync.SyncAsync(full: true);
        remote.Tickets.Remove("tkt_gone");
        var single = 0;
        remote.Intercept = request => request.Path.EndsWith("/tickets/tkt_gone", StringComparison.Ordinal) && Interlocked.Increment(ref single) > 0
            ? Throttled()
            : null;

        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        result.Run.Status.ShouldBe(SyncStatus.Partial);
        result.Run.ErrorMessage.ShouldNotBeNull().ShouldContain("unconfirmed");
        result.Deleted.ShouldBe(0);
        (await LastDetailsAsync(sync)).CandidatesUnconfirmed.ShouldBe(1);
        // The client's retries honoured the remote's 429 before giving up.
        single.ShouldBeGreaterThanOrEqualTo(3);
        await using var db = sync.Database.CreateDbContext();
        (await db.Tickets.SingleAsync(t => t.ExternalTicketId == "tkt_gone", Ct)).DeletedAt.ShouldBeNull();

        remote.Intercept = null;
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Deleted.ShouldBe(1);
    }

    [Fact]
    public async Task Full_syncs_while_the_remote_churns_during_paging_never_mark_a_live_ticket_deleted()
    {
        var remote = new ScriptedRemote();
        var random = new Random(20261206);
        var start = remote.Now.AddDays(-1);
        for (var i = 0; i < 80; i++)
        {
            // Few distinct times: tie groups larger than a page.
            remote.Add($"tkt_{i:D3}", start.AddMinutes(random.Next(0, 6)));
        }

        await using var sync = await StartAsync(remote, pageSize: 7);
        await sync.SyncAsync(full: true);
        var runs = 16;
        var totalCandidates = 0;
        for (var run = 0; run < runs; run++)
        {
            // Half the runs against a 1.0 remote, where only a 404 can confirm a deletion.
            remote.ServesVersion11 = run % 2 == 0;
            var changes = random.Next(3, 12);
            remote.BeforeServe = request =>
            {
                if (changes > 0 && request.Path.EndsWith("/tickets", StringComparison.Ordinal) && random.NextDouble() < 0.5)
                {
                    changes--;
                    Churn(remote, random);
                }
            };

            var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
            remote.BeforeServe = null;

            result.Run.Status.ShouldBeOneOf(SyncStatus.Success, SyncStatus.Partial);
            await using (var db = sync.Database.CreateDbContext())
            {
                var deleted = await db.Tickets.Where(t => t.DeletedAt != null).Select(t => t.ExternalTicketId).ToListAsync(Ct);
                deleted.Where(remote.Tickets.ContainsKey).ShouldBeEmpty($"run {run}: live tickets marked deleted");
            }

            totalCandidates += (await LastDetailsAsync(sync)).DeletionCandidates;
        }

        // A quiet full sync then leaves the mirror exactly equal to the remote, deletions included.
        remote.ServesVersion11 = false;
        await sync.SyncAsync(full: true);
        await AssertMirrorEqualsRemoteAsync(sync, remote);
        totalCandidates.ShouldBeGreaterThan(0, "the churn deleted tickets a full pass had to confirm");
    }

    [Fact]
    public async Task A_deletion_whose_webhook_was_lost_reaches_the_mirror_with_the_next_incremental_sync()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-2));
        remote.Add("tkt_b", remote.Now.AddHours(-1));
        await using var sync = await StartAsync(remote, pageSize: 10);
        await sync.SyncAsync(full: true);

        remote.Delete("tkt_a");
        var result = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        result.Deleted.ShouldBe(1);
        var details = await LastDetailsAsync(sync);
        details.DeletedByFeed.ShouldBe(1);
        details.DeletionsFeedServed.ShouldBe(true);
        await using (var db = sync.Database.CreateDbContext())
        {
            var deleted = await db.Tickets.SingleAsync(t => t.ExternalTicketId == "tkt_a", Ct);
            deleted.DeletedAt.ShouldBe(remote.Tombstones.Single().DeletedAt);
            (await db.SystemConfigs.SingleAsync(Ct)).DeletionsWatermark.ShouldBe(remote.Tombstones.Single().DeletedAt);
        }

        // The overlap reads the tombstone again; it changes nothing.
        (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull().Deleted.ShouldBe(0);
        var since = remote.Requests.Last(r => r.Path.EndsWith("/tickets/deleted", StringComparison.Ordinal)).Query["deleted_since"];
        DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(remote.Tombstones.Single().DeletedAt - SyncEngine.Overlap);
    }

    [Fact]
    public async Task A_1_0_remote_without_the_feed_syncs_and_leaves_deletions_to_the_full_sync()
    {
        var remote = new ScriptedRemote { ServesVersion11 = false };
        remote.Add("tkt_a", remote.Now.AddHours(-2));
        await using var sync = await StartAsync(remote, pageSize: 10);
        await sync.SyncAsync(full: true);
        remote.Tickets.Remove("tkt_a");

        var incremental = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        incremental.Run.Status.ShouldBe(SyncStatus.Success);
        incremental.Deleted.ShouldBe(0);
        (await LastDetailsAsync(sync)).DeletionsFeedServed.ShouldBe(false);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Deleted.ShouldBe(1);
    }

    [Fact]
    public async Task A_comment_lost_with_its_webhook_appears_after_the_next_sync_and_is_stored_once()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-2));
        remote.Add("tkt_b", remote.Now.AddHours(-1));
        await using var sync = await StartAsync(remote, pageSize: 10);
        await sync.SyncAsync(full: true);

        var lost = remote.AddComment("tkt_a", "Rebooted the VPN concentrator; please retry.", "internal", "sam@example.org");
        var result = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        result.Run.Status.ShouldBe(SyncStatus.Success);
        await using (var db = sync.Database.CreateDbContext())
        {
            var stored = await db.TicketComments.SingleAsync(c => c.ExternalCommentId == lost.Id, Ct);
            stored.Body.ShouldBe(lost.Body);
            stored.Visibility.ShouldBe(CommentVisibility.Internal);
            stored.AuthorEmail.ShouldBe("sam@example.org");
            stored.CreatedAt.ShouldBe(lost.CreatedAt);
        }

        // The late webhook and another sync bring it again: still one comment, one event.
        var again = new TicketComment { ExternalCommentId = lost.Id, Body = lost.Body, AuthorName = "Sam Ito", CreatedAt = lost.CreatedAt };
        (await sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .AddCommentAsync("tkt_a", again, ChangeSource.Webhook, DateTimeOffset.UtcNow, Ct))).ShouldBeFalse();

        remote.Update("tkt_a");
        await sync.SyncAsync(full: false);
        await using (var db = sync.Database.CreateDbContext())
        {
            (await db.TicketComments.CountAsync(c => c.ExternalCommentId == lost.Id, Ct)).ShouldBe(1);
            (await db.TicketEvents.CountAsync(e => e.EventType == TicketEventType.CommentAdded && e.NewValue == lost.Id, Ct)).ShouldBe(1);
            (await db.TicketComments.SingleAsync(c => c.ExternalCommentId == lost.Id, Ct)).Visibility.ShouldBe(CommentVisibility.Internal);
        }
    }

    [Fact]
    public async Task A_comment_a_webhook_stored_without_visibility_gets_it_from_the_sync()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-2));
        await using var sync = await StartAsync(remote, pageSize: 10);
        await sync.SyncAsync(full: true);
        var comment = remote.AddComment("tkt_a", "Internal note", "internal", "sam@example.org");
        var fromWebhook = new TicketComment { ExternalCommentId = comment.Id, Body = comment.Body, AuthorName = "Sam Ito", CreatedAt = comment.CreatedAt };
        (await sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .AddCommentAsync("tkt_a", fromWebhook, ChangeSource.Webhook, DateTimeOffset.UtcNow, Ct))).ShouldBeTrue();

        await sync.SyncAsync(full: false);

        await using var db = sync.Database.CreateDbContext();
        var stored = await db.TicketComments.SingleAsync(c => c.ExternalCommentId == comment.Id, Ct);
        stored.Visibility.ShouldBe(CommentVisibility.Internal);
        stored.AuthorEmail.ShouldBe("sam@example.org");
        (await db.TicketEvents.CountAsync(e => e.EventType == TicketEventType.CommentAdded, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Comments_are_read_for_a_bounded_number_of_tickets_per_run_and_the_rest_next_run()
    {
        var remote = new ScriptedRemote();
        for (var i = 0; i < 5; i++)
        {
            remote.Add($"tkt_{i}", remote.Now.AddHours(-10 + i));
            remote.AddComment($"tkt_{i}", $"Comment on {i}");
        }

        await using var sync = await StartAsync(remote, pageSize: 10, new Dictionary<string, string?> { ["Ticketing:Sync:CommentTicketsPerRun"] = "2" });

        await sync.SyncAsync(full: true);
        var first = await LastDetailsAsync(sync);
        await sync.SyncAsync(full: false);
        await sync.SyncAsync(full: false);
        var third = await LastDetailsAsync(sync);

        first.CommentTickets.ShouldBe(2);
        first.CommentTicketsPending.ShouldBe(3);
        third.CommentTicketsPending.ShouldBe(0);
        await using var db = sync.Database.CreateDbContext();
        (await db.TicketComments.CountAsync(Ct)).ShouldBe(5);
    }

    [Fact]
    public async Task A_run_is_complete_before_its_comments_are_read_and_the_schedules_catch_up_reads_what_it_left()
    {
        var remote = new ScriptedRemote();
        for (var i = 0; i < 5; i++)
        {
            remote.Add($"tkt_{i}", remote.Now.AddHours(-10 + i));
            remote.AddComment($"tkt_{i}", $"Comment on {i}");
        }

        await using var sync = await StartAsync(remote, pageSize: 10, new Dictionary<string, string?> { ["Ticketing:Sync:CommentTicketsPerRun"] = "2" });

        var run = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var afterRun = await LastDetailsAsync(sync);
        var caughtUp = await sync.SendAsync(new Ticketing.Application.Sync.Commands.BackfillComments.BackfillCommentsCommand());
        var afterCatchUp = await LastDetailsAsync(sync);

        run.Run.CompletedAt.ShouldNotBeNull();
        afterRun.CommentsState.ShouldBe(SyncDetails.CommentsRead);
        afterRun.StepMs.ShouldContainKey("comments");
        caughtUp.Ran.ShouldBeTrue();
        caughtUp.Tickets.ShouldBe(2);
        afterCatchUp.CommentTickets.ShouldBe(4, "the catch-up adds to the details of the run it follows");
        afterCatchUp.CommentTicketsPending.ShouldBe(1);
        afterCatchUp.DurationMs.ShouldBe(afterRun.DurationMs, "reading comments is not part of the run's time");
        (await sync.ScalarAsync<long>("SELECT count(*) FROM ticket_comments")).ShouldBe(4);
    }

    [Fact]
    public async Task While_one_instance_reads_comments_another_reads_none_and_its_run_says_so()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-1));
        remote.AddComment("tkt_a", "A comment");
        await using var sync = await StartAsync(remote, pageSize: 10);

        await using (var reading = await sync.InScopeAsync(s => s.GetRequiredService<ICommentBackfillLock>().TryAcquireAsync(Ct)))
        {
            reading.ShouldNotBeNull();
            (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
            (await LastDetailsAsync(sync)).CommentsState.ShouldBe(SyncDetails.CommentsBusy);
            (await sync.ScalarAsync<long>("SELECT count(*) FROM ticket_comments")).ShouldBe(0);
        }

        (await sync.SendAsync(new Ticketing.Application.Sync.Commands.BackfillComments.BackfillCommentsCommand())).Tickets.ShouldBe(1);
        (await LastDetailsAsync(sync)).CommentsState.ShouldBe(SyncDetails.CommentsRead);
        (await sync.ScalarAsync<long>("SELECT count(*) FROM ticket_comments")).ShouldBe(1);
    }

    [Fact]
    public async Task A_reading_its_process_left_behind_says_it_stopped_once_the_next_backfill_holds_the_lock()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-1));
        remote.AddComment("tkt_a", "A comment");
        await using var sync = await StartAsync(remote, pageSize: 10);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        await sync.Database.ExecuteAsync(
            "UPDATE ticket_sync_log SET details = jsonb_set(details, '{comments_state}', '\"reading\"') WHERE sync_type <> 'webhook'");
        (await LastDetailsAsync(sync)).CommentsState.ShouldBe(SyncDetails.CommentsReading);

        await sync.SendAsync(new Ticketing.Application.Sync.Commands.BackfillComments.BackfillCommentsCommand());

        var details = await LastDetailsAsync(sync);
        details.CommentsState.ShouldBe(SyncDetails.CommentsRead, "the catch-up read after the stale state was cleared");
        details.Notes.ShouldContain(n => n.Contains("stopped with the app's process"));
    }

    [Fact]
    public async Task The_remotes_agents_become_the_assignee_choices_and_users_match_them_by_email()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-1), "agt_9", "Someone Seen On A Ticket");
        remote.Agents.Add(new ScriptedAgent("agt_1", "Sam Ito", "Sam.Ito@Example.org"));
        remote.Agents.Add(new ScriptedAgent("agt_2", "Alex Morgan", "alex@example.org"));
        remote.Agents.Add(new ScriptedAgent("agt_3", "Former Agent", "former@example.org", Active: false));
        await using var sync = await StartAsync(remote, pageSize: 10);

        await sync.SyncAsync(full: true);

        (await LastDetailsAsync(sync)).Agents.ShouldBe(2);
        var lookups = await sync.SendAsync(new GetTicketLookupsQuery());
        lookups.Assignees.Select(a => (a.AssigneeId, a.Name)).ShouldBe([("agt_2", "Alex Morgan"), ("agt_1", "Sam Ito")]);

        await sync.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var claims = services.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
            var sam = new ApplicationUser { UserName = "sam.ito@example.org", Email = "sam.ito@example.org", DisplayName = "Sam" };
            (await users.CreateAsync(sam, "Correct-horse-battery-7")).Succeeded.ShouldBeTrue();
            var overridden = new ApplicationUser { UserName = "alex@example.org", Email = "alex@example.org", DisplayName = "Alex", RemoteAssigneeId = "agt_7" };
            (await users.CreateAsync(overridden, "Correct-horse-battery-7")).Succeeded.ShouldBeTrue();
            var former = new ApplicationUser { UserName = "former@example.org", Email = "former@example.org", DisplayName = "Former" };
            (await users.CreateAsync(former, "Correct-horse-battery-7")).Succeeded.ShouldBeTrue();

            (await claims.CreateAsync(sam)).FindFirst(UserClaimsFactory.RemoteAssigneeIdClaim)?.Value.ShouldBe("agt_1");
            (await claims.CreateAsync(overridden)).FindFirst(UserClaimsFactory.RemoteAssigneeIdClaim)?.Value.ShouldBe("agt_7");
            (await claims.CreateAsync(former)).FindFirst(UserClaimsFactory.RemoteAssigneeIdClaim).ShouldBeNull();
        });
    }

    [Fact]
    public async Task Without_an_agents_list_the_assignee_choices_stay_the_assignees_seen_on_tickets()
    {
        var remote = new ScriptedRemote { ServesVersion11 = false };
        remote.Add("tkt_a", remote.Now.AddHours(-1), "agt_9", "Someone Seen On A Ticket");
        await using var sync = await StartAsync(remote, pageSize: 10);

        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        var lookups = await sync.SendAsync(new GetTicketLookupsQuery());
        lookups.Assignees.Select(a => a.AssigneeId).ShouldBe(["agt_9"]);
        (await LastDetailsAsync(sync)).Agents.ShouldBeNull();
    }

    private static Task<TestApp> StartAsync(ScriptedRemote remote, int pageSize, IReadOnlyDictionary<string, string?>? settings = null) =>
        SyncSteps.StartAppAsync(
            tickets: 0,
            pageSize: pageSize,
            configureServices: services => services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(remote.CreateHandler)),
            settings: settings);

    private static async Task<SyncDetails> LastDetailsAsync(TestApp sync)
    {
        await using var db = sync.Database.CreateDbContext();
        var log = await db.SyncLogs.Where(l => l.SyncType != SyncType.Webhook).OrderByDescending(l => l.StartedAt).FirstAsync(Ct);
        return SyncDetails.FromJson(log.DetailsJson).ShouldNotBeNull();
    }

    /// <summary>The live mirror holds exactly the remote's tickets, each at the remote's version.</summary>
    private static async Task AssertMirrorEqualsRemoteAsync(TestApp sync, ScriptedRemote remote)
    {
        await using var db = sync.Database.CreateDbContext();
        var live = await db.Tickets.Where(t => t.DeletedAt == null).Select(t => new { t.ExternalTicketId, t.UpdatedAt }).ToListAsync(Ct);
        live.Select(t => (t.ExternalTicketId, t.UpdatedAt)).OrderBy(t => t.ExternalTicketId, StringComparer.Ordinal)
            .ShouldBe(remote.Tickets.Values.Select(t => (t.Id, t.UpdatedAt)).OrderBy(t => t.Id, StringComparer.Ordinal));
    }

    private static void Churn(ScriptedRemote remote, Random random)
    {
        var ids = remote.Tickets.Keys.Order(StringComparer.Ordinal).ToList();
        switch (random.Next(3))
        {
            case 0 when ids.Count > 0:
                remote.Update(ids[random.Next(ids.Count)]);
                break;
            case 1 when ids.Count > 0:
                remote.Delete(ids[random.Next(ids.Count)]);
                break;
            default:
                remote.Create();
                break;
        }
    }

    private static HttpResponseMessage Throttled()
    {
        var response = ScriptedRemote.Error(HttpStatusCode.TooManyRequests, "rate_limited", "Slow down.", null);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(100));
        return response;
    }
}
