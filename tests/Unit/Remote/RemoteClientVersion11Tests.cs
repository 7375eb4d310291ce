using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.UnitTests.Remote;

/// <summary>
/// The client's methods of contract 1.1 (deletions feed, comments, attachments, agents) through its
/// real registrations and resilience pipeline, against a scripted remote speaking the contract.
/// </summary>
public sealed class RemoteClientVersion11Tests : IAsyncDisposable
{
    private readonly ScriptedRemote _remote = new();
    private readonly ScriptedClient _client;

    public RemoteClientVersion11Tests()
    {
        _client = new ScriptedClient(_remote);
        _remote.Add("tkt_a", _remote.Now.AddHours(-1));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_deletions_feed_is_streamed_page_by_page_each_deletion_once()
    {
        for (var i = 0; i < 7; i++)
        {
            _remote.Add($"tkt_d{i}", _remote.Now.AddHours(-2));
            _remote.Delete($"tkt_d{i}");
        }

        var seen = new List<RemoteTombstone>();
        await foreach (var batch in _client.Api.StreamDeletedSinceAsync(null, 3, Ct))
        {
            seen.AddRange(batch.Tombstones);
        }

        seen.Select(t => t.ExternalTicketId).ShouldBe(_remote.Tombstones.Select(t => t.Id));
        seen.Select(t => t.DeletedAt).ShouldBe(_remote.Tombstones.Select(t => t.DeletedAt));
        var feedRequests = _remote.Requests.Where(r => r.Path.EndsWith("/tickets/deleted", StringComparison.Ordinal)).ToList();
        feedRequests.ShouldAllBe(r => r.Query["limit"] == "3");
        feedRequests[0].Query.ContainsKey("deleted_since").ShouldBeFalse();
        DateTimeOffset.Parse(feedRequests[1].Query["deleted_since"], CultureInfo.InvariantCulture).ShouldBe(_remote.Tombstones[2].DeletedAt);
    }

    [Fact]
    public async Task The_deletions_feed_asks_from_the_given_time()
    {
        _remote.Add("tkt_old", _remote.Now.AddHours(-2));
        _remote.Delete("tkt_old");
        var since = _remote.Tick();
        _remote.Add("tkt_new", _remote.Now.AddHours(-2));
        _remote.Delete("tkt_new");

        var seen = new List<string>();
        await foreach (var batch in _client.Api.StreamDeletedSinceAsync(since, 50, Ct))
        {
            seen.AddRange(batch.Tombstones.Select(t => t.ExternalTicketId));
        }

        seen.ShouldBe(["tkt_new"]);
    }

    [Fact]
    public async Task A_remote_without_the_deletions_feed_says_it_speaks_1_0()
    {
        _remote.ServesVersion11 = false;

        var failure = await Should.ThrowAsync<RemoteNotSupportedException>(async () =>
        {
            await foreach (var batch in _client.Api.StreamDeletedSinceAsync(null, 50, Ct))
            {
                batch.ShouldBeNull();
            }
        });

        failure.Message.ShouldContain("deletions feed");
        failure.Message.ShouldContain("1.0");
    }

    [Fact]
    public async Task Comments_are_streamed_oldest_first_with_visibility_and_author_email()
    {
        var first = _remote.AddComment("tkt_a", "Rebooted the VPN concentrator; please retry.");
        var second = _remote.AddComment("tkt_a", "Internal: vendor ticket 4411", "internal", authorEmail: null);
        _remote.AddComment("tkt_a", "Third");

        var comments = new List<TicketComment>();
        await foreach (var batch in _client.Api.StreamCommentsAsync("tkt_a", null, 2, Ct))
        {
            comments.AddRange(batch.Comments);
        }

        comments.Select(c => c.ExternalCommentId).ShouldBe(_remote.Comments["tkt_a"].Select(c => c.Id));
        comments[0].Body.ShouldBe(first.Body);
        comments[0].Visibility.ShouldBe(CommentVisibility.Public);
        comments[0].AuthorEmail.ShouldBe("sam@example.org");
        comments[0].CreatedAt.ShouldBe(first.CreatedAt);
        comments[1].Visibility.ShouldBe(CommentVisibility.Internal);
        comments[1].AuthorEmail.ShouldBeNull();
        comments[1].ExternalCommentId.ShouldBe(second.Id);
    }

    [Fact]
    public async Task Comments_are_asked_for_since_a_time()
    {
        _remote.AddComment("tkt_a", "Old");
        var since = _remote.Tick();
        var recent = _remote.AddComment("tkt_a", "Recent");

        var comments = new List<TicketComment>();
        await foreach (var batch in _client.Api.StreamCommentsAsync("tkt_a", since, 50, Ct))
        {
            comments.AddRange(batch.Comments);
        }

        comments.ShouldHaveSingleItem().ExternalCommentId.ShouldBe(recent.Id);
        DateTimeOffset.Parse(_remote.Requests.Last().Query["since"], CultureInfo.InvariantCulture).ShouldBe(since);
    }

    [Fact]
    public async Task A_comment_with_an_unknown_visibility_fails_alone()
    {
        _remote.AddComment("tkt_a", "Fine");
        _remote.AddComment("tkt_a", "Odd", visibility: "requester_only");

        var batches = new List<RemoteCommentBatch>();
        await foreach (var batch in _client.Api.StreamCommentsAsync("tkt_a", null, 50, Ct))
        {
            batches.Add(batch);
        }

        batches.SelectMany(b => b.Comments).ShouldHaveSingleItem().Body.ShouldBe("Fine");
        batches.SelectMany(b => b.Errors).ShouldHaveSingleItem().Reason.ShouldContain("requester_only");
    }

    [Fact]
    public async Task Comments_of_an_unknown_ticket_are_not_found()
    {
        var failure = await Should.ThrowAsync<RemoteNotFoundException>(async () =>
        {
            await foreach (var batch in _client.Api.StreamCommentsAsync("tkt_missing", null, 50, Ct))
            {
                batch.ShouldBeNull();
            }
        });

        failure.ExternalId.ShouldBe("tkt_missing");
    }

    [Fact]
    public async Task A_comment_is_posted_with_its_idempotency_key_and_a_repeat_returns_the_first()
    {
        var key = Guid.NewGuid();
        var comment = new RemoteCommentCreate("Please try again now.", CommentVisibility.Internal, "Dana Ruiz", "dana@example.org");

        var created = await _client.Api.AddCommentAsync("tkt_a", comment, key, Ct);
        var repeated = await _client.Api.AddCommentAsync("tkt_a", comment, key, Ct);

        created.IsReplay.ShouldBeFalse();
        repeated.IsReplay.ShouldBeTrue();
        repeated.Comment.ExternalCommentId.ShouldBe(created.Comment.ExternalCommentId);
        _remote.Comments["tkt_a"].ShouldHaveSingleItem().Visibility.ShouldBe("internal");
        _remote.Requests.Where(r => r.Method == HttpMethod.Post).ShouldAllBe(r => r.IdempotencyKey == key.ToString("D"));
    }

    [Fact]
    public async Task A_comment_post_that_fails_transiently_is_sent_again_with_the_same_key()
    {
        var failures = 1;
        _remote.Intercept = request => request.Method == HttpMethod.Post && Interlocked.Decrement(ref failures) >= 0
            ? ScriptedRemote.Error(HttpStatusCode.ServiceUnavailable, "unavailable", "Try again.", null)
            : null;

        var created = await _client.Api.AddCommentAsync("tkt_a", new RemoteCommentCreate("Hello"), Guid.NewGuid(), Ct);

        created.Retries.ShouldBe(1);
        var posts = _remote.Requests.Where(r => r.Method == HttpMethod.Post).ToList();
        posts.Count.ShouldBe(2);
        posts[1].IdempotencyKey.ShouldBe(posts[0].IdempotencyKey);
        _remote.Comments["tkt_a"].ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_comment_without_a_body_is_rejected_with_the_remote_reason()
    {
        var failure = await Should.ThrowAsync<RemoteRejectedException>(
            () => _client.Api.AddCommentAsync("tkt_a", new RemoteCommentCreate(string.Empty), Guid.NewGuid(), Ct));

        failure.StatusCode.ShouldBe(422);
        failure.Errors.ShouldContainKey("body");
    }

    [Fact]
    public void A_comment_to_post_does_not_print_its_body_or_the_author_email()
    {
        var text = new RemoteCommentCreate("secret body", AuthorEmail: "dana@example.org").ToString();

        text.ShouldNotContain("secret body");
        text.ShouldNotContain("dana@example.org");
    }

    [Fact]
    public async Task An_upload_is_streamed_from_the_callers_stream_with_its_key()
    {
        const long size = 3 * 1024 * 1024;
        var source = new GeneratedStream(size);
        long? readWhenSent = null;
        _remote.Intercept = request =>
        {
            if (request.Method == HttpMethod.Post)
            {
                readWhenSent = source.BytesRead;
            }

            return null;
        };
        var key = Guid.NewGuid();

        var created = await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(source, "vpn log (1).txt", "text/plain", "Sam Ito"), key, Ct);

        // The request reached the remote before the file had been read: it was not taken into memory first.
        readWhenSent.ShouldNotBeNull();
        readWhenSent.Value.ShouldBeLessThan(size);
        var stored = _remote.Attachments["tkt_a"].ShouldHaveSingleItem();
        stored.Bytes.LongLength.ShouldBe(size);
        stored.Bytes.Select((b, i) => b == GeneratedStream.ByteAt(i)).ShouldAllBe(same => same);
        stored.FileName.ShouldBe("vpn log (1).txt");
        created.Attachment.SizeBytes.ShouldBe(size);
        created.Attachment.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(stored.Bytes)));
        created.IsReplay.ShouldBeFalse();
        _remote.Requests.Last().IdempotencyKey.ShouldBe(key.ToString("D"));
    }

    [Fact]
    public async Task A_seekable_upload_is_sent_again_whole_after_a_transient_failure()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line of a log file\n", 5000)));
        await using var source = new MemoryStream(bytes);
        _remote.FailUploadsAfterReading = 1;

        var created = await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(source, "log.txt", "text/plain"), Guid.NewGuid(), Ct);

        created.Retries.ShouldBe(1);
        _remote.Attachments["tkt_a"].ShouldHaveSingleItem().Bytes.ShouldBe(bytes);
        source.CanRead.ShouldBeTrue("the caller's stream stays the caller's to dispose");
    }

    [Fact]
    public async Task A_non_seekable_upload_is_sent_once_and_its_failure_says_so()
    {
        _remote.FailUploadsAfterReading = 1;

        var failure = await Should.ThrowAsync<RemoteUnavailableException>(
            () => _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new GeneratedStream(10_000), "log.txt", "text/plain"), Guid.NewGuid(), Ct));

        failure.Reason.ShouldBe(RemoteUnavailableReason.ServerError);
        _remote.Requests.Count(r => r.Method == HttpMethod.Post).ShouldBe(1);
        _remote.Attachments.ContainsKey("tkt_a").ShouldBeFalse();
    }

    [Fact]
    public async Task A_file_the_remote_finds_too_large_is_rejected_with_413_and_the_limit()
    {
        _remote.MaxUploadBytes = 64 * 1024;

        var failure = await Should.ThrowAsync<RemoteRejectedException>(
            () => _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new GeneratedStream(200 * 1024), "dump.bin", "application/octet-stream"), Guid.NewGuid(), Ct));

        failure.StatusCode.ShouldBe(413);
        failure.Message.ShouldContain("dump.bin");
        failure.Message.ShouldContain("25 MiB");
        failure.Errors.ShouldContainKey("file");
    }

    [Fact]
    public async Task A_seekable_file_over_25_MiB_is_refused_before_a_byte_is_sent()
    {
        await using var huge = new LengthOnlyStream(RemoteAttachmentUpload.MaxBytes + 1);

        var failure = await Should.ThrowAsync<RemoteRejectedException>(
            () => _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(huge, "disk.img", "application/octet-stream"), Guid.NewGuid(), Ct));

        failure.StatusCode.ShouldBe(413);
        _remote.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_ticket_full_of_attachments_refuses_another_with_the_remote_reason()
    {
        _remote.Attachments["tkt_a"] = [.. Enumerable.Range(0, 100).Select(i => new ScriptedAttachment($"att_{i}", "tkt_a", $"f{i}.txt", "text/plain", [1], "00", _remote.Now))];

        var failure = await Should.ThrowAsync<RemoteRejectedException>(
            () => _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new MemoryStream([1, 2, 3]), "one-more.txt", "text/plain"), Guid.NewGuid(), Ct));

        failure.StatusCode.ShouldBe(422);
        failure.Message.ShouldContain("one-more.txt");
        failure.Message.ShouldContain("at most 100");
    }

    [Fact]
    public async Task An_upload_repeated_with_its_key_returns_the_first_attachment()
    {
        var key = Guid.NewGuid();
        var first = await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new MemoryStream([1, 2, 3]), "a.txt", "text/plain"), key, Ct);

        var again = await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new MemoryStream([1, 2, 3]), "a.txt", "text/plain"), key, Ct);

        again.IsReplay.ShouldBeTrue();
        again.Attachment.Id.ShouldBe(first.Attachment.Id);
        _remote.Attachments["tkt_a"].ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Attachments_of_a_ticket_are_listed()
    {
        await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new MemoryStream([1, 2, 3]), "a.txt", "text/plain"), Guid.NewGuid(), Ct);
        await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new MemoryStream([4]), "b.png", "image/png"), Guid.NewGuid(), Ct);

        var list = await _client.Api.GetAttachmentsAsync("tkt_a", Ct);

        list.Attachments.Select(a => (a.FileName, a.ContentType, a.SizeBytes, a.ExternalTicketId))
            .ShouldBe([("a.txt", "text/plain", 3L, "tkt_a"), ("b.png", "image/png", 1L, "tkt_a")]);
        list.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Attachment_content_arrives_as_a_stream_with_type_length_and_file_name()
    {
        var bytes = new byte[1024 * 1024];
        new Random(5).NextBytes(bytes);
        var created = await _client.Api.UploadAttachmentAsync("tkt_a", new RemoteAttachmentUpload(new MemoryStream(bytes), "résumé 2026.pdf", "application/pdf"), Guid.NewGuid(), Ct);

        await using var content = await _client.Api.GetAttachmentContentAsync(created.Attachment.Id, Ct);

        content.ContentType.ShouldBe("application/pdf");
        content.Length.ShouldBe(bytes.Length);
        content.FileName.ShouldBe("résumé 2026.pdf");
        // Handed over before the body was read: the caller streams it.
        _remote.LastContentStream!.BytesRead.ShouldBeLessThan(bytes.Length);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy, Ct);
        copy.ToArray().ShouldBe(bytes);
    }

    [Fact]
    public async Task Content_of_an_unknown_attachment_is_not_found()
    {
        var failure = await Should.ThrowAsync<RemoteNotFoundException>(() => _client.Api.GetAttachmentContentAsync("att_missing", Ct));

        failure.ExternalId.ShouldBe("att_missing");
        failure.Message.ShouldContain("attachment");
    }

    [Fact]
    public async Task Agents_are_listed_and_an_unreadable_one_fails_alone()
    {
        _remote.Agents.Add(new ScriptedAgent("agt_1", "Sam Ito", "sam@example.org"));
        _remote.Agents.Add(new ScriptedAgent("agt_2", "Alex Morgan", null, Active: false));
        _remote.Agents.Add(new ScriptedAgent("agt_3", string.Empty, "x@example.org"));

        var list = await _client.Api.GetAgentsAsync(Ct);

        list.Agents.ShouldBe([new RemoteAgent("agt_1", "Sam Ito", "sam@example.org", true), new RemoteAgent("agt_2", "Alex Morgan", null, false)]);
        list.Errors.ShouldHaveSingleItem().ExternalId.ShouldBe("agt_3");
        list.Agents[0].ToString().ShouldNotContain("sam@example.org");
    }

    [Fact]
    public async Task A_remote_without_agents_says_it_speaks_1_0()
    {
        _remote.ServesVersion11 = false;

        var failure = await Should.ThrowAsync<RemoteNotSupportedException>(() => _client.Api.GetAgentsAsync(Ct));

        failure.Feature.ShouldNotBeNull().ShouldContain("agents");
    }

    [Fact]
    public void The_upload_timeout_must_be_positive()
    {
        new RemoteClientOptions { UploadTimeoutSeconds = 0 }.Validate().ShouldContain(p => p.Contains("UploadTimeoutSeconds", StringComparison.Ordinal));
        new RemoteClientOptions().UploadTimeout.ShouldBe(TimeSpan.FromMinutes(5));
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    /// <summary>A seekable stream that only says how long it is: a file too large to make for real.</summary>
    private sealed class LengthOnlyStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Nothing may be read.");

        public override long Seek(long offset, SeekOrigin origin) => Position = offset;

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
