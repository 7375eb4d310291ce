using System.Security.Cryptography;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator.Seeding;
using Sim = Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>
/// The client's contract 1.1 methods through real HTTP against the 1.1 simulator: comments, attachments
/// (streamed both ways), the deletions feed and agents. The unit tests prove the client's own rules on a
/// scripted remote; these prove it and the simulator agree on the wire.
/// </summary>
public sealed class RemoteApiVersion11Tests(RemoteClientFixture fixture) : IClassFixture<RemoteClientFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_a_tickets_comments_page_by_page_each_once_also_while_new_ones_arrive()
    {
        await using var remote = await fixture.ConnectAsync();
        var id = UnusedTicket(0);
        var store = fixture.Simulator.Store;
        for (var i = 0; i < 7; i++)
        {
            AddComment(id, $"Before paging {i}");
        }

        var seen = new List<TicketComment>();
        var batches = 0;
        await foreach (var batch in remote.Api.StreamCommentsAsync(id, since: null, pageSize: 3, Ct))
        {
            batch.Errors.ShouldBeEmpty();
            seen.AddRange(batch.Comments);
            // A reply arrives between two pages of the stream, twice: it joins the end of the list.
            if (++batches <= 2)
            {
                AddComment(id, $"While paging {batches}");
            }
        }

        var expected = store.Comments(id)!;
        seen.Select(c => c.ExternalCommentId).ShouldBe(expected.Select(c => c.Id), "every comment, oldest first, each once");
        seen.ShouldContain(c => c.Body == "While paging 2");
        var last = seen[^1];
        var remoteLast = expected[^1];
        last.AuthorName.ShouldBe(remoteLast.AuthorName);
        last.AuthorEmail.ShouldBe(remoteLast.AuthorEmail);
        last.Visibility.ShouldBe(CommentVisibility.Internal);
        last.CreatedAt.ShouldBe(new DateTimeOffset(DateTime.SpecifyKind(remoteLast.CreatedAt, DateTimeKind.Utc)));
        batches.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task A_comment_posted_twice_with_one_idempotency_key_is_one_comment()
    {
        await using var remote = await fixture.ConnectAsync();
        var id = UnusedTicket(1);
        var before = fixture.Simulator.Store.Comments(id)!.Count;
        var key = Guid.NewGuid();
        var comment = new RemoteCommentCreate("Rebooted the VPN concentrator; please retry.", CommentVisibility.Internal, "Sam Ito", "sam.ito@demo.local");

        var first = await remote.Api.AddCommentAsync(id, comment, key, Ct);
        var again = await remote.Api.AddCommentAsync(id, comment with { Body = "A different body under the same key" }, key, Ct);

        first.IsReplay.ShouldBeFalse();
        again.IsReplay.ShouldBeTrue();
        again.Comment.ExternalCommentId.ShouldBe(first.Comment.ExternalCommentId);
        again.Comment.Body.ShouldBe("Rebooted the VPN concentrator; please retry.");
        first.Comment.Visibility.ShouldBe(CommentVisibility.Internal);
        first.Comment.AuthorEmail.ShouldBe("sam.ito@demo.local");
        var stored = fixture.Simulator.Store.Comments(id)!;
        stored.Count.ShouldBe(before + 1);
        stored[^1].Id.ShouldBe(first.Comment.ExternalCommentId);
    }

    [Fact]
    public async Task An_attachment_uploaded_twice_with_one_idempotency_key_is_one_attachment()
    {
        await using var remote = await fixture.ConnectAsync();
        var id = UnusedTicket(2);
        var key = Guid.NewGuid();

        var first = await remote.Api.UploadAttachmentAsync(id, new RemoteAttachmentUpload(new GeneratedStream(40_000), "vpn log \"final\".txt", "text/plain", "Sam Ito"), key, Ct);
        var again = await remote.Api.UploadAttachmentAsync(id, new RemoteAttachmentUpload(new GeneratedStream(40_000), "vpn log \"final\".txt", "text/plain", "Sam Ito"), key, Ct);

        first.IsReplay.ShouldBeFalse();
        again.IsReplay.ShouldBeTrue();
        again.Attachment.Id.ShouldBe(first.Attachment.Id);
        fixture.Simulator.Store.Attachments(id)!.Select(a => a.Id).ShouldBe([first.Attachment.Id]);
        first.Attachment.FileName.ShouldBe("vpn log \"final\".txt");
        first.Attachment.SizeBytes.ShouldBe(40_000);
        first.Attachment.UploadedByName.ShouldBe("Sam Ito");
    }

    [Fact]
    public async Task A_file_one_byte_over_25_mebibytes_is_refused_with_413_as_a_clear_refusal_not_an_outage()
    {
        await using var remote = await fixture.ConnectAsync();
        var id = UnusedTicket(3);
        // Not seekable, so the client cannot know the size beforehand: the remote has to refuse it mid-upload.
        var source = new GeneratedStream(RemoteAttachmentUpload.MaxBytes + 1);

        var refusal = await Should.ThrowAsync<RemoteRejectedException>(
            () => remote.Api.UploadAttachmentAsync(id, new RemoteAttachmentUpload(source, "disk.img", "application/octet-stream"), Guid.NewGuid(), Ct));

        refusal.StatusCode.ShouldBe(413);
        refusal.Message.ShouldContain("disk.img");
        refusal.Message.ShouldContain("25 MiB");
        refusal.Errors["file"].ShouldHaveSingleItem();
        fixture.Simulator.Store.Attachments(id)!.ShouldBeEmpty();

        // A seekable file known to be too large is refused before a byte is sent.
        var requests = fixture.Simulator.Counters.Requests;
        await using var known = new LengthOnlyStream(RemoteAttachmentUpload.MaxBytes + 1);
        (await Should.ThrowAsync<RemoteRejectedException>(
            () => remote.Api.UploadAttachmentAsync(id, new RemoteAttachmentUpload(known, "disk.img", "application/octet-stream"), Guid.NewGuid(), Ct)))
            .StatusCode.ShouldBe(413);
        fixture.Simulator.Counters.Requests.ShouldBe(requests);
    }

    [Fact]
    public async Task The_101st_attachment_of_a_ticket_is_refused_with_422()
    {
        await using var remote = await fixture.ConnectAsync();
        var id = UnusedTicket(4);
        for (var i = 0; i < Sim.TicketStore.MaxAttachmentsPerTicket; i++)
        {
            fixture.Simulator.Store.AddAttachment(id, new Sim.NewAttachmentInput($"f{i}.txt", "text/plain", null, Sim.AttachmentContent.FromBytes([(byte)i])), null, notify: false)
                .Outcome.ShouldBe(Sim.PostOutcome.Created);
        }

        var refusal = await Should.ThrowAsync<RemoteRejectedException>(
            () => remote.Api.UploadAttachmentAsync(id, new RemoteAttachmentUpload(new MemoryStream([1, 2, 3]), "one-more.txt", "text/plain"), Guid.NewGuid(), Ct));

        refusal.StatusCode.ShouldBe(422);
        refusal.Message.ShouldNotBeNullOrWhiteSpace();
        fixture.Simulator.Store.Attachments(id)!.Count.ShouldBe(100);
        (await remote.Api.GetAttachmentsAsync(id, Ct)).Attachments.Count.ShouldBe(100);
    }

    [Fact]
    public async Task An_upload_and_its_download_stream_the_same_bytes()
    {
        await using var remote = await fixture.ConnectAsync();
        var id = UnusedTicket(5);
        const long size = 5L * 1024 * 1024 + 123;
        var expected = await Sha256Async(new GeneratedStream(size));
        var source = new GeneratedStream(size);

        var created = await remote.Api.UploadAttachmentAsync(id, new RemoteAttachmentUpload(source, "résumé 2026.bin", "application/octet-stream", "Alex Morgan"), Guid.NewGuid(), Ct);
        await using var download = await remote.Api.GetAttachmentContentAsync(created.Attachment.Id, Ct);
        var downloaded = await Sha256Async(download.Content);

        source.BytesRead.ShouldBe(size);
        created.Attachment.Sha256.ShouldBe(expected);
        created.Attachment.SizeBytes.ShouldBe(size);
        downloaded.ShouldBe(expected);
        download.Length.ShouldBe(size);
        download.FileName.ShouldBe("résumé 2026.bin");
        download.ContentType.ShouldBe("application/octet-stream");
        var listed = (await remote.Api.GetAttachmentsAsync(id, Ct)).Attachments.ShouldHaveSingleItem();
        listed.ShouldBe(created.Attachment);
    }

    [Fact]
    public async Task Pages_the_deletions_feed_oldest_first_each_deletion_once()
    {
        await using var remote = await fixture.ConnectAsync();
        var store = fixture.Simulator.Store;
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var deleted = store.Snapshot().Skip(200).Take(7).Select(t => t.Id).ToList();
        foreach (var id in deleted)
        {
            store.Delete(id, notify: false).ShouldBeTrue();
        }

        var seen = new List<RemoteTombstone>();
        var pages = 0;
        await foreach (var batch in remote.Api.StreamDeletedSinceAsync(since, 3, Ct))
        {
            batch.Errors.ShouldBeEmpty();
            seen.AddRange(batch.Tombstones);
            pages++;
        }

        var expected = store.Tombstones().Where(t => deleted.Contains(t.Id)).ToList();
        seen.Select(t => t.ExternalTicketId).ShouldBe(expected.Select(t => t.Id));
        seen.Select(t => t.DeletedAt).ShouldBe(expected.Select(t => new DateTimeOffset(DateTime.SpecifyKind(t.DeletedAt, DateTimeKind.Utc))));
        seen.Select(t => t.DeletedAt).ShouldBeInOrder();
        pages.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Lists_the_agents_with_their_email_and_whether_they_are_active()
    {
        await using var remote = await fixture.ConnectAsync();

        var agents = await remote.Api.GetAgentsAsync(Ct);

        agents.Errors.ShouldBeEmpty();
        agents.Agents.ShouldBe(People.Agents.Select(a => new RemoteAgent(a.Id, a.Name, a.Email, a.Active)));
        agents.Agents.ShouldContain(a => a.Id == "agt_1" && a.Email == "alex.morgan@demo.local" && a.Active);
        agents.Agents.Single(a => a.Id == "agt_12").Active.ShouldBeFalse();
    }

    /// <summary>A ticket no other test of the class writes to.</summary>
    private string UnusedTicket(int index) => fixture.Simulator.Store.Snapshot()[10 + (index * 5)].Id;

    private void AddComment(string id, string body) =>
        fixture.Simulator.Store.AddComment(id, new Sim.NewCommentInput(body, Sim.CommentVisibility.Internal, "Sam Ito", "sam.ito@demo.local"), null, notify: false)
            .Outcome.ShouldBe(Sim.PostOutcome.Created);

    private static async Task<string> Sha256Async(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A seekable stream that says how long it is and is never read (the client refuses it first).</summary>
    private sealed class LengthOnlyStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("The client read a file it should have refused for its size.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = offset;

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
