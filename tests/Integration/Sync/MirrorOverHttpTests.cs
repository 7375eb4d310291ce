using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Hosting;
using Ticketing.IntegrationTests.Webhooks;
using Ticketing.Simulator;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;
using CommentVisibility = Ticketing.Domain.Tickets.CommentVisibility;
using SimVisibility = Ticketing.Simulator.Tickets.CommentVisibility;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// The mirror's promises of issue 14 against the contract 1.1 simulator over HTTP, with its real
/// webhooks where they matter: deletions, comments and attachments whose webhooks are lost reach the
/// mirror with one incremental sync; a tie group changed while a full sync pages it hides no ticket;
/// seeded full syncs through a changing remote never mark a live ticket deleted; and a deleted ticket
/// comes back only through a newer version a sync saw, never through an older webhook.
/// </summary>
[StartsFirst]
public sealed class MirrorOverHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deletion_whose_webhook_is_lost_reaches_the_mirror_through_the_feed_within_one_incremental_sync()
    {
        await using var app = await StartServedAsync("feeddeletion", tickets: 60, seed: 31);
        var store = app.Simulator.Store;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        var live = store.Snapshot();
        var lost = live[5].Id;
        var delivered = live[6].Id;

        store.Delete(lost, notify: false).ShouldBeTrue();
        store.Delete(delivered, notify: true).ShouldBeTrue();
        await Eventually.UntilAsync(async () => await DeletedAtAsync(app, delivered) is not null, "the delivered deletion's webhook was applied");

        // The webhook's deletion is dated by its body's timestamp: when the remote deleted it.
        (await DeletedAtAsync(app, delivered)).ShouldBe(RemoteDeletedAt(app, delivered));
        (await DeletedAtAsync(app, lost)).ShouldBeNull("its webhook was never sent");

        var result = (await app.SyncAsync(full: false)).Result.ShouldNotBeNull();

        result.Run.Status.ShouldBe(SyncStatus.Success);
        result.Deleted.ShouldBe(1);
        (await DeletedAtAsync(app, lost)).ShouldBe(RemoteDeletedAt(app, lost));
        var details = await LastDetailsAsync(app);
        details.DeletionsFeedServed.ShouldBe(true);
        details.DeletedByFeed.ShouldBe(1);
        details.FeedDeletions.ShouldBe(2);
        await SimulatorMirror.AssertTicketsEqualAsync(app.Database, app.Simulator);
        (await SimulatorMirror.LiveTicketsMarkedDeletedAsync(app.Database, app.Simulator)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Comments_and_attachments_whose_webhooks_are_lost_arrive_with_the_next_incremental_sync_and_webhooks_bring_theirs_whole()
    {
        await using var app = await StartServedAsync("activity", tickets: 60, seed: 32);
        var store = app.Simulator.Store;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        var live = store.Snapshot();
        var withWebhooks = live[3].Id;
        var withoutWebhooks = live[4].Id;

        var note = store.AddComment(withWebhooks, new NewCommentInput("Checked the VPN logs.", SimVisibility.Internal, "Sam Ito", "sam.ito@demo.local"), null).Value!;
        var log = store.AddAttachment(withWebhooks, new NewAttachmentInput("vpn log \"final\".txt", "text/plain", "Sam Ito", AttachmentContent.FromBytes("line 1\nline 2\n"u8)), null).Value!;
        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM ticket_attachments WHERE external_attachment_id = $1", log.Id) == 1,
            "the attachment's webhook was applied");
        await using (var db = app.Database.CreateDbContext())
        {
            var comment = await db.TicketComments.AsNoTracking().SingleAsync(c => c.ExternalCommentId == note.Id, Ct);
            comment.Visibility.ShouldBe(CommentVisibility.Internal);
            comment.AuthorEmail.ShouldBe("sam.ito@demo.local");
            var attachment = await db.TicketAttachments.AsNoTracking().SingleAsync(a => a.ExternalAttachmentId == log.Id, Ct);
            attachment.FileName.ShouldBe("vpn log \"final\".txt");
            attachment.ContentType.ShouldBe("text/plain");
            attachment.SizeBytes.ShouldBe(14);
            attachment.Sha256.ShouldBe(log.Sha256);
            attachment.UploadedByName.ShouldBe("Sam Ito");
        }

        var lostComment = store.AddComment(withoutWebhooks, new NewCommentInput("Printer jam cleared.", SimVisibility.Public, "Dana Ruiz", "dana@example.org"), null, notify: false).Value!;
        var first = store.AddAttachment(withoutWebhooks, new NewAttachmentInput("jam.png", "image/png", null, AttachmentContent.FromBytes([137, 80, 78, 71])), null, notify: false).Value!;
        var second = store.AddAttachment(withoutWebhooks, new NewAttachmentInput("jam 2.png", "image/png", "Dana Ruiz", AttachmentContent.FromBytes([137, 80])), null, notify: false).Value!;
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_comments WHERE external_comment_id = $1", lostComment.Id)).ShouldBe(0);

        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        var details = await LastDetailsAsync(app);
        details.CommentsAdded.ShouldBe(1);
        details.AttachmentsAdded.ShouldBe(2);
        await SimulatorMirror.AssertActivityEqualAsync(app.Database, app.Simulator);

        // Read again (the ticket changes once more): nothing is stored twice.
        store.Touch(withoutWebhooks, notify: false);
        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull();
        var again = await LastDetailsAsync(app);
        again.CommentTickets.ShouldBeGreaterThanOrEqualTo(1);
        again.CommentsAdded.ShouldBe(0);
        again.AttachmentsAdded.ShouldBe(0);
        await SimulatorMirror.AssertActivityEqualAsync(app.Database, app.Simulator);

        // The read the ticket page uses: its attachments in upload order.
        var ticketId = (await app.InScopeAsync(s => s.GetRequiredService<ITicketRepository>().FindIdAsync(withoutWebhooks, Ct))).ShouldNotBeNull();
        var listed = await app.InScopeAsync(s => s.GetRequiredService<ITicketAttachmentRepository>().GetAttachmentsAsync(ticketId, Ct));
        listed.Select(a => a.ExternalAttachmentId).ShouldBe([first.Id, second.Id]);
        listed[1].UploadedByName.ShouldBe("Dana Ruiz");
        listed[0].UploadedByName.ShouldBeNull();
    }

    [Fact]
    public async Task A_full_sync_through_a_large_tie_group_whose_already_sent_ticket_is_touched_sees_every_ticket()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 400, pageSize: 50, seed: 14);
        var store = app.Simulator.Store;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        var tie = LaterThanEveryTicket(store);
        var group = store.SetSharedUpdatedAt(120, tie, new Random(14));
        // Right after page 2 of the group, its first ticket (sent on page 1) moves to the end: every later
        // one moves up a place, and a cursor that counts pages would never see the one that slid into page 2.
        app.Simulator.Hooks.Arm(new AfterPageHook(Page: 2, UpdatedSince: tie, Touch: [group[0]], Delete: [], Webhooks: false));

        var result = (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();

        app.Simulator.Hooks.List().ShouldHaveSingleItem().FiredAt.ShouldNotBeNull();
        result.Run.Status.ShouldBe(SyncStatus.Success);
        result.Deleted.ShouldBe(0);
        var details = await LastDetailsAsync(app);
        details.DeletionCandidates.ShouldBe(0, "the pass itself saw every ticket: none had to be asked for");
        details.TieGroupsUnverified.ShouldBe(0);
        (await SimulatorMirror.LiveTicketsMarkedDeletedAsync(app.Database, app.Simulator)).ShouldBeEmpty();
        await SimulatorMirror.AssertTicketsEqualAsync(app.Database, app.Simulator);
    }

    [Fact]
    public async Task Seeded_full_syncs_while_the_remote_changes_during_paging_never_mark_a_live_ticket_deleted()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 300, pageSize: 40, seed: 15);
        var store = app.Simulator.Store;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var confirmedGone = 0;
        for (var run = 0; run < 8; run++)
        {
            var seed = 20261206 + run;
            var random = new Random(seed);
            var ids = store.Snapshot().Select(t => t.Id).ToList();
            var tie = LaterThanEveryTicket(store);
            var group = random.Next(3) > 0 ? store.SetSharedUpdatedAt(random.Next(50, 140), tie, random) : [];
            for (var i = random.Next(2); i > 0; i--)
            {
                store.CreateGenerated(random);
            }

            // The first hook fires after the pass's first page, so every run sees the remote change under it;
            // the others land wherever their page and cursor happen to match, inside the tie group or not.
            for (var hook = random.Next(1, 4); hook > 0; hook--)
            {
                var first = app.Simulator.Hooks.List().Count == 0;
                var pool = group.Count > 0 && random.Next(2) == 0 ? group : ids;
                app.Simulator.Hooks.Arm(new AfterPageHook(
                    Page: first ? 1 : random.Next(1, 5),
                    UpdatedSince: !first && group.Count > 0 && random.Next(2) == 0 ? tie : null,
                    Touch: [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => pool[random.Next(pool.Count)])],
                    Delete: [.. Enumerable.Range(0, random.Next(3)).Select(_ => ids[random.Next(ids.Count)])],
                    Webhooks: false));
            }

            var result = (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();

            (await SimulatorMirror.LiveTicketsMarkedDeletedAsync(app.Database, app.Simulator))
                .ShouldBeEmpty($"run {run} (seed {seed}) marked live tickets deleted");
            result.Run.Status.ShouldBe(SyncStatus.Success, $"run {run} (seed {seed})");
            app.Simulator.Hooks.List().Count(h => h.FiredAt is not null).ShouldBeGreaterThan(0, $"run {run} (seed {seed}): the remote changed during paging");
            confirmedGone += (await LastDetailsAsync(app)).Deleted;
            app.Simulator.Hooks.Clear();
        }

        confirmedGone.ShouldBeGreaterThan(0, "some tickets were deleted during paging and confirmed");
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        await SimulatorMirror.AssertTicketsEqualAsync(app.Database, app.Simulator);
    }

    [Fact]
    public async Task An_update_delivered_after_the_tickets_deletion_does_not_bring_it_back()
    {
        await using var app = await StartServedAsync("lateupdate", tickets: 40, seed: 33);
        var simulator = app.Simulator;
        var store = simulator.Store;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var ticket = store.Snapshot()[7];

        // The update's webhook is held back; the deletion's, sent after it, overtakes it.
        simulator.Webhooks.Faults = new WebhookFaultSettings { ReorderRate = 1, ReorderDelayMs = 1500 };
        store.Update(ticket.Id, new TicketPatch { Title = Optional<string>.Of("Changed just before its deletion") }).ShouldNotBeNull();
        await Eventually.UntilAsync(() => simulator.Counters.WebhooksDelayed == 1, "the update's webhook is held back");
        simulator.Webhooks.Faults = WebhookFaultSettings.None;
        store.Delete(ticket.Id, notify: true).ShouldBeTrue();
        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE event_type = 'ticket.updated' AND processed_at IS NOT NULL") == 1,
            "the late update was delivered and applied");

        var types = await EventTypesInArrivalOrderAsync(app);
        types.ShouldBe(["ticket.deleted", "ticket.updated"], "the deletion arrived first");
        (await DeletedAtAsync(app, ticket.Id)).ShouldBe(RemoteDeletedAt(app, ticket.Id));
        await using (var db = app.Database.CreateDbContext())
        {
            (await db.Tickets.AsNoTracking().SingleAsync(t => t.ExternalTicketId == ticket.Id, Ct)).Title.ShouldBe(ticket.Title);
        }

        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull();
        (await DeletedAtAsync(app, ticket.Id)).ShouldNotBeNull();
        (await SimulatorMirror.LiveTicketsMarkedDeletedAsync(app.Database, simulator)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deleted_ticket_comes_back_only_when_a_sync_sees_a_version_newer_than_its_deletion()
    {
        await using var app = await StartServedAsync("revival", tickets: 40, seed: 34);
        var store = app.Simulator.Store;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var ticket = store.Snapshot()[9];

        // The remote deletes the ticket and takes the deletion back (a restore): the mirror heard only the deletion.
        var deletedAt = Truncated(DateTimeOffset.UtcNow);
        using (var response = await app.SendWebhookAsync(WebhookRequests.Signed(DeletionBody(ticket.Id, deletedAt))))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await app.UntilWebhooksProcessedAsync();
        (await DeletedAtAsync(app, ticket.Id)).ShouldBe(deletedAt, "dated by the body's timestamp");

        // A full sync sees the version from before the deletion: it stays deleted.
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        (await DeletedAtAsync(app, ticket.Id)).ShouldBe(deletedAt);

        // The restored ticket changes: its webhook carries a newer version, but a webhook never revives.
        store.Update(ticket.Id, new TicketPatch { Title = Optional<string>.Of("Restored and escalated") }).ShouldNotBeNull();
        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE event_type = 'ticket.updated' AND processed_at IS NOT NULL") == 1,
            "the newer version's webhook was applied");
        (await DeletedAtAsync(app, ticket.Id)).ShouldBe(deletedAt);

        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull();

        (await DeletedAtAsync(app, ticket.Id)).ShouldBeNull("a sync saw a version newer than the deletion");
        await using var db = app.Database.CreateDbContext();
        (await db.Tickets.AsNoTracking().SingleAsync(t => t.ExternalTicketId == ticket.Id, Ct)).Title.ShouldBe("Restored and escalated");
        (await db.TicketTombstones.AnyAsync(t => t.ExternalTicketId == ticket.Id, Ct)).ShouldBeFalse();
        await SimulatorMirror.AssertTicketsEqualAsync(app.Database, app.Simulator);
    }

    /// <summary>Served, with the simulator's webhooks signed for and sent to this app, retried quickly.</summary>
    private static async Task<TestApp> StartServedAsync(string purpose, int tickets, int seed)
    {
        var app = await TestApp.StartAsync(new TestAppOptions
        {
            Purpose = purpose,
            SeedUsers = false,
            Simulator = new SimulatorSettings { TicketCount = tickets, Seed = seed, WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(100) },
            Settings = new Dictionary<string, string?> { ["Ticketing:Sync:PageSize"] = "25" },
        });
        app.Simulator.Webhooks.Configure(new Uri(app.BaseUrl, "/webhook/ticket-update"), TestApp.WebhookSecret);
        return app;
    }

    private static DateTime LaterThanEveryTicket(TicketStore store)
    {
        var latest = store.Snapshot().Max(t => t.UpdatedAt);
        var now = DateTime.UtcNow;
        var later = (latest > now ? latest : now).AddSeconds(1);
        // Milliseconds, as timestamps travel: the hook compares the listing's updated_since exactly.
        return new DateTime(later.Ticks - (later.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    private static DateTimeOffset Truncated(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static string DeletionBody(string id, DateTimeOffset at) => new JsonObject
    {
        ["type"] = "ticket.deleted",
        ["timestamp"] = WebhookBodies.Timestamp(at),
        ["data"] = new JsonObject { ["ticket"] = new JsonObject { ["id"] = id } },
    }.ToJsonString();

    private static DateTimeOffset RemoteDeletedAt(TestApp app, string id) =>
        new(DateTime.SpecifyKind(app.Simulator.Store.Tombstones().Single(t => t.Id == id).DeletedAt, DateTimeKind.Utc));

    private static async Task<DateTimeOffset?> DeletedAtAsync(TestApp app, string id)
    {
        await using var db = app.Database.CreateDbContext();
        return await db.Tickets.AsNoTracking().Where(t => t.ExternalTicketId == id).Select(t => t.DeletedAt).SingleAsync(Ct);
    }

    private static async Task<List<string>> EventTypesInArrivalOrderAsync(TestApp app)
    {
        await using var db = app.Database.CreateDbContext();
        return await db.WebhookMessages.AsNoTracking().OrderBy(m => m.ReceivedAt).Select(m => m.EventType).ToListAsync(Ct);
    }

    private static async Task<SyncDetails> LastDetailsAsync(TestApp app)
    {
        await using var db = app.Database.CreateDbContext();
        var log = await db.SyncLogs.AsNoTracking().Where(l => l.SyncType != SyncType.Webhook).OrderByDescending(l => l.StartedAt).FirstAsync(Ct);
        return SyncDetails.FromJson(log.DetailsJson).ShouldNotBeNull();
    }
}
