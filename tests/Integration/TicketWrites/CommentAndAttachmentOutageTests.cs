using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Tickets.Attachments;
using Ticketing.Application.Tickets.Commands.UploadAttachment;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Faults;
using SimVisibility = Ticketing.Simulator.Tickets.CommentVisibility;

namespace Ticketing.IntegrationTests.TicketWrites;

/// <summary>
/// The ticket page's writes while Championship IT is down: a comment (sent by the page's plain form,
/// without JavaScript) is queued, shown as waiting and posted once after recovery; an upload is queued
/// with its bytes in PostgreSQL, delivered once after recovery and its bytes deleted, or told to its
/// uploader when refused (docs/decisions/030-attachments-not-queued.md); the attachment list is the
/// mirror's and shows during the outage.
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
    public async Task An_upload_during_an_outage_is_queued_shown_as_waiting_and_delivered_once_with_its_bytes_deleted()
    {
        var ticket = await FirstTicketAsync();
        var name = $"ping-{Guid.NewGuid():N}.txt";

        // Larger than the sniffed head, so the queued file is assembled from the head, what was sent and the rest.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"ping 10.0.0.{i % 250}: timeout\n")));
        bytes.Length.ShouldBeGreaterThan(FileTypeSniffer.HeadLength);
        var key = Guid.NewGuid();
        _app.Simulator.Faults.Current = new FaultSettings { Down = true };

        // The same file sent twice (a resent form: the same Idempotency-Key) is queued once.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await using var content = new MemoryStream(bytes);
            var result = await _app.SendAsync(new UploadAttachmentCommand(ticket.Id, new NonSeekable(content), name, key), TestUser.Admin);
            result.Outcome.ShouldBe(UploadOutcome.Queued, result.Message);
            result.Succeeded.ShouldBeTrue();
            result.Message.ShouldContain("waiting to upload");
        }

        long outboxId;
        await using (var db = _app.Database.CreateDbContext())
        {
            var write = (await db.Outbox.AsNoTracking().Where(w => w.TicketId == ticket.Id).ToListAsync(Ct)).ShouldHaveSingleItem();
            write.Kind.ShouldBe(PendingWriteKind.Attachment);
            write.IdempotencyKey.ShouldBe(key);
            outboxId = write.Id;
            var kept = await db.AttachmentOutbox.AsNoTracking().SingleAsync(c => c.OutboxId == outboxId, Ct);
            kept.Content.ShouldBe(bytes);
        }

        using (var admin = await _app.SignedInAsync(TestUser.Admin))
        {
            var html = await admin.GetHtmlAsync($"/Tickets/Details/{ticket.Id}");
            html.ShouldContain("Waiting to upload");
            html.ShouldContain(name);
        }

        (_app.Simulator.Store.Attachments(ticket.ExternalTicketId) ?? []).ShouldNotContain(a => a.FileName == name);
        (await _app.SendAsync(new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(0, 0, 1));

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
            "the queued upload was delivered after recovery",
            TimeSpan.FromSeconds(60));
        delivered.ShouldBe(1);
        (await _app.SendAsync(new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(0, 0, 0));

        var stored = _app.Simulator.Store.Attachments(ticket.ExternalTicketId).ShouldNotBeNull().Where(a => a.FileName == name).ShouldHaveSingleItem();
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)), StringCompareShould.IgnoreCase);
        stored.SizeBytes.ShouldBe((long)bytes.Length);
        await using (var db = _app.Database.CreateDbContext())
        {
            (await db.AttachmentOutbox.CountAsync(c => c.OutboxId == outboxId, Ct)).ShouldBe(0, "the bytes are deleted once delivered");
            (await db.Outbox.AsNoTracking().SingleAsync(w => w.Id == outboxId, Ct)).State.ShouldBe(PendingWriteState.Delivered);
        }

        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_attachments WHERE ticket_id = $1 AND file_name = $2", ticket.Id, name)).ShouldBe(1);
    }

    [Fact]
    public async Task A_queued_upload_refused_after_the_outage_is_told_to_its_uploader_and_its_bytes_are_deleted()
    {
        var ticket = await FirstTicketAsync();
        _app.Simulator.Faults.Current = new FaultSettings { Down = true };
        UploadAttachmentResult result;
        await using (var content = new MemoryStream(Encoding.UTF8.GetBytes("port 7: link down\n")))
        {
            result = await _app.SendAsync(new UploadAttachmentCommand(ticket.Id, content, "port.txt", Guid.NewGuid()), TestUser.Admin);
        }

        result.Outcome.ShouldBe(UploadOutcome.Queued, result.Message);

        // Fault: the ticket is deleted at Championship IT while the file waits.
        _app.Simulator.Faults.Current = FaultSettings.None;
        _app.Simulator.Store.Delete(ticket.ExternalTicketId).ShouldBeTrue();
        var rejected = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                var round = await _app.SendAsync(new DeliverOutboxCommand());
                rejected += round.Rejected;
                return round.StillQueued == 0;
            },
            "the queued upload was tried after recovery",
            TimeSpan.FromSeconds(60));
        rejected.ShouldBe(1);

        await using var db = _app.Database.CreateDbContext();
        (await db.AttachmentOutbox.CountAsync(Ct)).ShouldBe(0);
        var write = await db.Outbox.AsNoTracking().SingleAsync(w => w.TicketId == ticket.Id, Ct);
        write.State.ShouldBe(PendingWriteState.Rejected);
        var notification = await db.Notifications.AsNoTracking().SingleAsync(n => n.NotificationType == NotificationType.WriteRejected, Ct);
        notification.TicketId.ShouldBe(ticket.Id);
        notification.Title.ShouldBe($"Not attached: your file on {ticket.TicketNumber}");
        notification.Message.ShouldContain("port.txt");
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

    /// <summary>A request body as the upload endpoint has it: read once, forward only.</summary>
    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
