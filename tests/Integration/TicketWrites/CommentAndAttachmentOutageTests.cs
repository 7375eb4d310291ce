using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Tickets.Commands.UploadAttachment;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Faults;
using SimVisibility = Ticketing.Simulator.Tickets.CommentVisibility;

namespace Ticketing.IntegrationTests.TicketWrites;

/// <summary>
/// The ticket page's writes while Championship IT is down: a comment (sent by the page's plain form,
/// without JavaScript) is queued, shown as waiting and posted once after recovery; an upload is
/// refused with the reason and nothing of it kept (docs/decisions/030-attachments-not-queued.md); the
/// attachment list is the mirror's and shows during the outage.
/// </summary>
public sealed class CommentAndAttachmentOutageTests : IAsyncLifetime
{
    private TestApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(new() { Purpose = "comment-outage", Simulator = new() { TicketCount = 5, Seed = 3 } });
        (await _app.SyncAsync(full: true)).Result.ShouldNotBeNull();
    }

    public async ValueTask DisposeAsync()
    {
        _app.Simulator.Faults.Current = FaultSettings.None;
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_comment_posted_during_an_outage_is_queued_once_shown_as_waiting_and_delivered_once_after_recovery()
    {
        var ticket = await FirstTicketAsync();
        using var admin = await _app.SignedInAsync(TestUser.Admin);
        var page = $"/Tickets/Details/{ticket.Id}";
        var body = $"Checked the switch port {Guid.NewGuid():N}.\nNo errors logged.";
        var form = new Dictionary<string, string>
        {
            ["Comment.Body"] = body,
            ["Comment.Visibility"] = nameof(CommentVisibility.Internal),
            ["Comment.IdempotencyKey"] = Guid.NewGuid().ToString(),
        };

        _app.Simulator.Faults.Current = new FaultSettings { Down = true };
        using (var first = await admin.PostFormAsync(page, form, handler: "Comment"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        // The same draft sent again (a second click, a resent form) is queued once.
        using (var again = await admin.PostFormAsync(page, form, handler: "Comment"))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await using (var db = _app.Database.CreateDbContext())
        {
            var queued = await db.Outbox.AsNoTracking().Where(w => w.TicketId == ticket.Id).ToListAsync(Ct);
            var write = queued.ShouldHaveSingleItem();
            write.Kind.ShouldBe(PendingWriteKind.Comment);
            write.State.ShouldBe(PendingWriteState.Pending);
            write.Summary.ShouldStartWith("Internal note: Checked the switch port");
        }

        var html = await admin.GetHtmlAsync(page);
        html.ShouldContain("Waiting for Championship IT");
        html.ShouldContain(WebUtility.HtmlEncode(body.Split('\n')[0]));
        (_app.Simulator.Store.Comments(ticket.ExternalTicketId) ?? []).ShouldNotContain(c => c.Body == body);

        // Still down: a round delivers nothing and keeps it.
        (await _app.SendAsync(new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(0, 0, 1));

        // Recovered: the client's circuit breaker lets calls through again after its pause, so rounds
        // are tried (as the every-minute job would) until one delivers.
        _app.Simulator.Faults.Current = FaultSettings.None;
        var delivered = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                var round = await _app.SendAsync(new DeliverOutboxCommand());
                round.Rejected.ShouldBe(0);
                delivered += round.Delivered;
                return round.StillQueued == 0;
            },
            "the queued comment was delivered after recovery",
            TimeSpan.FromSeconds(60));
        delivered.ShouldBe(1);
        (await _app.SendAsync(new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(0, 0, 0));

        var posted = _app.Simulator.Store.Comments(ticket.ExternalTicketId).ShouldNotBeNull().Where(c => c.Body == body).ShouldHaveSingleItem();
        posted.Visibility.ShouldBe(SimVisibility.Internal);
        posted.AuthorEmail.ShouldBe(TestUser.Admin.Email);
        await using (var db = _app.Database.CreateDbContext())
        {
            (await db.TicketComments.CountAsync(c => c.TicketId == ticket.Id && c.Body == body, Ct)).ShouldBe(1, "the mirror holds the delivered comment once");
            (await db.Outbox.AsNoTracking().SingleAsync(w => w.TicketId == ticket.Id, Ct)).State.ShouldBe(PendingWriteState.Delivered);
        }

        var after = await admin.GetHtmlAsync(page);
        after.ShouldNotContain("Waiting for Championship IT");
        after.ShouldContain(WebUtility.HtmlEncode(body.Split('\n')[0]));
    }

    [Fact]
    public async Task An_upload_during_an_outage_is_refused_with_the_reason_and_nothing_is_kept_or_queued()
    {
        var ticket = await FirstTicketAsync();
        var outboxBefore = await OutboxCountAsync();
        _app.Simulator.Faults.Current = new FaultSettings { Down = true };

        UploadAttachmentResult result;
        await using (var content = new MemoryStream(Encoding.UTF8.GetBytes("ping 10.0.0.1: timeout\n")))
        {
            result = await _app.SendAsync(new UploadAttachmentCommand(ticket.Id, content, "ping.txt", Guid.NewGuid()), TestUser.Admin);
        }

        result.Outcome.ShouldBe(UploadOutcome.Unreachable);
        result.Message.ShouldBe("Championship IT is unreachable, so “ping.txt” was not uploaded and nothing of it was kept. Try again in a moment.");
        (await OutboxCountAsync()).ShouldBe(outboxBefore);

        _app.Simulator.Faults.Current = FaultSettings.None;
        (await _app.SendAsync(new DeliverOutboxCommand())).Delivered.ShouldBe(0);
        (_app.Simulator.Store.Attachments(ticket.ExternalTicketId) ?? []).ShouldNotContain(a => a.FileName == "ping.txt");
    }

    [Fact]
    public async Task The_attachment_list_is_read_from_the_mirror_and_shows_while_Championship_IT_is_down()
    {
        var ticket = await FirstTicketAsync();
        var name = $"switch-{Guid.NewGuid():N}.txt";
        UploadAttachmentResult uploaded;
        await using (var content = new MemoryStream(Encoding.UTF8.GetBytes("port 12: CRC errors\n")))
        {
            uploaded = await _app.SendAsync(new UploadAttachmentCommand(ticket.Id, content, name, Guid.NewGuid()), TestUser.Admin);
        }

        uploaded.Outcome.ShouldBe(UploadOutcome.Uploaded, uploaded.Message);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_attachments WHERE ticket_id = $1 AND file_name = $2", ticket.Id, name)).ShouldBe(1);

        using var admin = await _app.SignedInAsync(TestUser.Admin);
        _app.Simulator.Faults.Current = new FaultSettings { Down = true };
        var html = await admin.GetHtmlAsync($"/Tickets/Details/{ticket.Id}");
        html.ShouldContain(name);
        html.ShouldNotContain("cannot be listed");
    }

    private async Task<Ticket> FirstTicketAsync()
    {
        await using var db = _app.Database.CreateDbContext();
        return await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null).OrderBy(t => t.TicketNumber).FirstAsync(Ct);
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = _app.Database.CreateDbContext();
        return await db.Outbox.CountAsync(Ct);
    }
}
