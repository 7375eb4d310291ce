using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Webhooks.Commands.ApplyWebhookBatch;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.UnitTests.Webhooks;

/// <summary>
/// The rules for applying stored webhooks, with the real ticket reader and a fake cache. That the cache
/// keeps the newer version and each comment once is the repository's part, proven against PostgreSQL in
/// the webhook integration tests.
/// </summary>
public sealed class ApplyWebhookBatchHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    private readonly ITicketRepository _tickets = Substitute.For<ITicketRepository>();
    private readonly ITicketAttachmentRepository _attachments = Substitute.For<ITicketAttachmentRepository>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Applies_tickets_then_comments_then_deletions_so_a_deletion_wins_wherever_it_stands_in_the_batch()
    {
        var result = await ApplyAsync(
            Message("ticket.deleted", Deleted("tkt_a")),
            Message("ticket.updated", Event("ticket.updated", Ticket("tkt_a", "Replayed after its deletion"))),
            Message("ticket.created", Event("ticket.created", Ticket("tkt_b", "New"))),
            Message("ticket.comment_added", Event("ticket.comment_added", Ticket("tkt_b", "New"), Comment("cmt_1", "On it."))));

        Received.InOrder(() =>
        {
            _ = _tickets.UpsertManyAsync(
                Arg.Is<IReadOnlyCollection<Ticket>>(c => string.Join(",", c.Select(t => t.ExternalTicketId)) == "tkt_a,tkt_b,tkt_b"),
                ChangeSource.Webhook, Now, false, Arg.Any<CancellationToken>(), Arg.Any<string?>());
            _ = _tickets.AddCommentAsync("tkt_b", Arg.Is<TicketComment>(c => c.ExternalCommentId == "cmt_1" && c.Body == "On it."), ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
            _ = _tickets.ApplyDeletionsAsync(Arg.Is<IReadOnlyCollection<TicketDeletion>>(d => d.Single() == new TicketDeletion("tkt_a", Now)), ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
        });
        result.AppliedAt.ShouldBe(Now);
        result.Errors.ShouldAllBe(e => e == null);
        result.Applied.ShouldBe(4);
        result.SetAside.ShouldBeEmpty();
        result.CountsByType.ShouldBe(new Dictionary<string, int>
        {
            ["ticket.comment_added"] = 1,
            ["ticket.created"] = 1,
            ["ticket.deleted"] = 1,
            ["ticket.updated"] = 1,
        });
    }

    [Fact]
    public async Task A_ticket_the_cache_refuses_is_set_aside_alone_and_the_rest_of_the_batch_is_applied()
    {
        _tickets.UpsertManyAsync(
                Arg.Is<IReadOnlyCollection<Ticket>>(c => c.Any(t => t.ExternalTicketId == "tkt_bad")),
                Arg.Any<ChangeSource>(), Arg.Any<DateTimeOffset>(), Arg.Any<bool>(), Arg.Any<CancellationToken>(), Arg.Any<string?>())
            .ThrowsAsync(new MirrorDataException("22001", "value too long for type character varying(500)"));

        var result = await ApplyAsync(
            Message("ticket.created", Event("ticket.created", Ticket("tkt_good1", "One"))),
            Message("ticket.created", Event("ticket.created", Ticket("tkt_bad", "Refused")), "msg_bad"),
            Message("ticket.created", Event("ticket.created", Ticket("tkt_good2", "Two"))));

        result.Errors.ShouldBe([null, "The cache refused it: 22001 value too long for type character varying(500)", null]);
        result.Applied.ShouldBe(2);
        result.SetAside.ShouldBe([new SetAsideWebhook("msg_bad", "The cache refused it: 22001 value too long for type character varying(500)")]);
        result.CountsByType.ShouldBe(new Dictionary<string, int> { ["ticket.created"] = 3 });
        foreach (var id in new[] { "tkt_good1", "tkt_good2" })
        {
            await _tickets.Received(1).UpsertManyAsync(
                Arg.Is<IReadOnlyCollection<Ticket>>(c => c.Count == 1 && c.Single().ExternalTicketId == id),
                ChangeSource.Webhook, Now, false, Arg.Any<CancellationToken>(), Arg.Any<string?>());
        }
    }

    [Fact]
    public async Task A_deletion_the_cache_refuses_is_set_aside_alone()
    {
        _tickets.ApplyDeletionsAsync(Arg.Is<IReadOnlyCollection<TicketDeletion>>(d => d.Any(x => x.ExternalTicketId == "tkt_bad")), Arg.Any<ChangeSource>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new MirrorDataException("23514", "new row violates check constraint"));

        var result = await ApplyAsync(
            Message("ticket.deleted", Deleted("tkt_bad"), "msg_bad"),
            Message("ticket.deleted", Deleted("tkt_gone")));

        result.Errors.ShouldBe(["The cache refused it: 23514 new row violates check constraint", null]);
        result.Applied.ShouldBe(1);
        await _tickets.Received(1).ApplyDeletionsAsync(
            Arg.Is<IReadOnlyCollection<TicketDeletion>>(d => d.Single().ExternalTicketId == "tkt_gone"), ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_outage_fails_the_whole_batch_so_it_stays_pending_and_is_retried()
    {
        _tickets.UpsertManyAsync(
                Arg.Any<IReadOnlyCollection<Ticket>>(), Arg.Any<ChangeSource>(), Arg.Any<DateTimeOffset>(), Arg.Any<bool>(), Arg.Any<CancellationToken>(), Arg.Any<string?>())
            .ThrowsAsync(new TimeoutException("The database did not answer."));

        await Should.ThrowAsync<TimeoutException>(async () =>
            await ApplyAsync(Message("ticket.created", Event("ticket.created", Ticket("tkt_a", "One")))));

        await _tickets.Received(1).UpsertManyAsync(
            Arg.Any<IReadOnlyCollection<Ticket>>(), Arg.Any<ChangeSource>(), Arg.Any<DateTimeOffset>(), Arg.Any<bool>(), Arg.Any<CancellationToken>(), Arg.Any<string?>());
    }

    [Fact]
    public async Task Unreadable_messages_are_set_aside_and_unknown_types_ignored_without_touching_the_cache()
    {
        var result = await ApplyAsync(
            Message("ticket.updated", "{ not json"),
            Message("ticket.updated", """{"type": 5}"""),
            Message("ticket.updated", """{"type": "ticket.updated", "data": {}}"""),
            Message("ticket.updated", Event("ticket.updated", Ticket("tkt_a", "Escalated", status: "escalated"))),
            Message("ticket.comment_added", Event("ticket.comment_added", Ticket("tkt_a", "No text"), new JsonObject { ["id"] = "cmt_1" })),
            Message("ticket.escalated", Event("ticket.escalated", Ticket("tkt_a", "Someday"))),
            Message("mystery", """{"type": 5}"""));

        _tickets.ReceivedCalls().ShouldBeEmpty();
        result.Applied.ShouldBe(0);
        result.Errors[0].ShouldBe("The body is not valid JSON.");
        result.Errors[1].ShouldBe("The body has no string \"type\".");
        result.Errors[2].ShouldBe("data.ticket.id is missing.");
        result.Errors[3].ShouldNotBeNull().ShouldContain("escalated");
        result.Errors[4].ShouldNotBeNull().ShouldContain("comment.body is missing.");
        result.Errors[5].ShouldBeNull("a type this app does not apply is done, with nothing to do");
        result.SetAside.Count.ShouldBe(6);
        result.CountsByType.ShouldBe(new Dictionary<string, int>
        {
            ["ignored"] = 1,
            ["other"] = 1,
            ["ticket.comment_added"] = 1,
            ["ticket.updated"] = 4,
        });
    }

    [Fact]
    public async Task A_comment_keeps_the_visibility_and_author_email_its_message_states_and_leaves_unstated_visibility_unknown()
    {
        var internalNote = Comment("cmt_internal", "Checked the logs.");
        internalNote["visibility"] = "internal";
        internalNote["author_email"] = "sam.ito@demo.local";
        var unstated = Comment("cmt_unstated", "Older sender.");

        var result = await ApplyAsync(
            Message("ticket.comment_added", Event("ticket.comment_added", Ticket("tkt_a", "VPN"), internalNote)),
            Message("ticket.comment_added", Event("ticket.comment_added", Ticket("tkt_a", "VPN"), unstated)));

        result.Applied.ShouldBe(2);
        await _tickets.Received(1).AddCommentAsync(
            "tkt_a",
            Arg.Is<TicketComment>(c => c.ExternalCommentId == "cmt_internal" && c.Visibility == CommentVisibility.Internal && c.AuthorEmail == "sam.ito@demo.local"),
            ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
        await _tickets.Received(1).AddCommentAsync(
            "tkt_a",
            Arg.Is<TicketComment>(c => c.ExternalCommentId == "cmt_unstated" && c.Visibility == null && c.AuthorEmail == null),
            ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_comment_of_an_unknown_visibility_is_set_aside_rather_than_guessed()
    {
        var comment = Comment("cmt_1", "Secret?");
        comment["visibility"] = "private";

        var result = await ApplyAsync(Message("ticket.comment_added", Event("ticket.comment_added", Ticket("tkt_a", "VPN"), comment)));

        result.Errors.Single().ShouldBe("comment.visibility is not one of public, internal.");
        await _tickets.DidNotReceiveWithAnyArgs().AddCommentAsync(default!, default!, default, default, Ct);
    }

    [Fact]
    public async Task An_attachment_message_stores_its_ticket_then_the_attachments_metadata_once_per_message()
    {
        var result = await ApplyAsync(
            Message("ticket.attachment_added", AttachmentEvent("tkt_a", Attachment("att_1", "vpn log \"final\".txt"))),
            Message("ticket.attachment_added", AttachmentEvent("tkt_a", Attachment("att_1", "vpn log \"final\".txt"))));

        Received.InOrder(() =>
        {
            _ = _tickets.UpsertManyAsync(
                Arg.Is<IReadOnlyCollection<Ticket>>(c => c.All(t => t.ExternalTicketId == "tkt_a")),
                ChangeSource.Webhook, Now, false, Arg.Any<CancellationToken>(), Arg.Any<string?>());
            _ = _attachments.AddAsync("tkt_a", Arg.Any<IReadOnlyCollection<TicketAttachment>>(), Arg.Any<CancellationToken>());
            _ = _attachments.AddAsync("tkt_a", Arg.Any<IReadOnlyCollection<TicketAttachment>>(), Arg.Any<CancellationToken>());
        });
        await _attachments.Received(2).AddAsync(
            "tkt_a",
            Arg.Is<IReadOnlyCollection<TicketAttachment>>(a => a.Single().ExternalAttachmentId == "att_1"
                && a.Single().FileName == "vpn log \"final\".txt"
                && a.Single().ContentType == "text/plain"
                && a.Single().SizeBytes == 18_211
                && a.Single().Sha256 == new string('a', 64)
                && a.Single().UploadedByName == "Sam Ito"
                && a.Single().CreatedAt == Now.AddMinutes(-1)),
            Arg.Any<CancellationToken>());
        result.Applied.ShouldBe(2);
        result.CountsByType.ShouldBe(new Dictionary<string, int> { ["ticket.attachment_added"] = 2 });
    }

    [Fact]
    public async Task An_attachment_message_without_usable_metadata_is_set_aside_and_one_the_cache_refuses_alone()
    {
        var noSize = Attachment("att_2", "b.txt");
        noSize.Remove("size_bytes");
        _attachments.AddAsync("tkt_bad", Arg.Any<IReadOnlyCollection<TicketAttachment>>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new MirrorDataException("22001", "value too long for type character varying(1024)"));

        var result = await ApplyAsync(
            Message("ticket.attachment_added", AttachmentEvent("tkt_a", noSize)),
            Message("ticket.attachment_added", AttachmentEvent("tkt_bad", Attachment("att_3", "c.txt"))),
            Message("ticket.attachment_added", AttachmentEvent("tkt_c", Attachment("att_4", "d.txt"))));

        result.Errors.ShouldBe([
            "attachment.size_bytes is missing or not a whole number of bytes.",
            "The cache refused it: 22001 value too long for type character varying(1024)",
            null]);
        await _attachments.Received(1).AddAsync("tkt_c", Arg.Any<IReadOnlyCollection<TicketAttachment>>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(-90, -90)]          // when it happened at the remote
    [InlineData(600, 0)]            // a remote clock ahead: never dated in the future
    [InlineData(-31 * 24 * 3600, -30 * 24 * 3600)] // a broken clock: no earlier than 30 days back
    public async Task A_deletion_is_dated_by_the_bodys_timestamp_within_sane_bounds(int offsetSeconds, int expectedSeconds)
    {
        await ApplyAsync(Message("ticket.deleted", Event("ticket.deleted", new JsonObject { ["id"] = "tkt_a" }, at: Now.AddSeconds(offsetSeconds))));

        await _tickets.Received(1).ApplyDeletionsAsync(
            Arg.Is<IReadOnlyCollection<TicketDeletion>>(d => d.Single() == new TicketDeletion("tkt_a", Now.AddSeconds(expectedSeconds))),
            ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_deletion_without_a_readable_timestamp_is_dated_when_it_is_applied()
    {
        var body = new JsonObject
        {
            ["type"] = "ticket.deleted",
            ["timestamp"] = "yesterday",
            ["data"] = new JsonObject { ["ticket"] = new JsonObject { ["id"] = "tkt_a" } },
        }.ToJsonString();

        await ApplyAsync(Message("ticket.deleted", body));

        await _tickets.Received(1).ApplyDeletionsAsync(
            Arg.Is<IReadOnlyCollection<TicketDeletion>>(d => d.Single() == new TicketDeletion("tkt_a", Now)),
            ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
    }

    private Task<WebhookBatchResult> ApplyAsync(params StoredWebhook[] messages) =>
        new ApplyWebhookBatchHandler(_tickets, _attachments, new RemoteTicketReader(), new FakeTimeProvider(Now))
            .Handle(new ApplyWebhookBatchCommand(messages), Ct).AsTask();

    private static StoredWebhook Message(string eventType, string body, string? webhookId = null) =>
        new(webhookId ?? "msg_" + Guid.NewGuid().ToString("N"), eventType, body);

    private static string Event(string type, JsonObject ticket, JsonObject? comment = null, DateTimeOffset? at = null)
    {
        var data = new JsonObject { ["ticket"] = ticket };
        if (comment is not null)
        {
            data["comment"] = comment;
        }

        return new JsonObject { ["type"] = type, ["timestamp"] = Timestamp(at ?? Now), ["data"] = data }.ToJsonString();
    }

    private static string AttachmentEvent(string ticketId, JsonObject attachment) => new JsonObject
    {
        ["type"] = "ticket.attachment_added",
        ["timestamp"] = Timestamp(Now),
        ["data"] = new JsonObject { ["ticket"] = Ticket(ticketId, "VPN"), ["attachment"] = attachment },
    }.ToJsonString();

    private static JsonObject Attachment(string id, string fileName) => new()
    {
        ["id"] = id,
        ["ticket_id"] = "tkt_a",
        ["file_name"] = fileName,
        ["content_type"] = "text/plain",
        ["size_bytes"] = 18_211,
        ["sha256"] = new string('a', 64),
        ["uploaded_by_name"] = "Sam Ito",
        ["created_at"] = Timestamp(Now.AddMinutes(-1)),
    };

    private static string Deleted(string id) => Event("ticket.deleted", new JsonObject { ["id"] = id });

    private static JsonObject Comment(string id, string body) => new()
    {
        ["id"] = id,
        ["author_name"] = "Sam Ito",
        ["body"] = body,
        ["created_at"] = Timestamp(Now.AddMinutes(-1)),
    };

    private static JsonObject Ticket(string id, string title, string status = "open") => new()
    {
        ["id"] = id,
        ["ticket_number"] = "IT-" + id[4..],
        ["title"] = title,
        ["status"] = status,
        ["priority"] = "high",
        ["created_at"] = Timestamp(Now.AddDays(-1)),
        ["updated_at"] = Timestamp(Now.AddMinutes(-1)),
        ["tags"] = new JsonArray(),
        ["custom_fields"] = new JsonObject(),
    };

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
