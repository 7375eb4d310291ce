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
            _ = _tickets.MarkDeletedAsync(Arg.Is<IReadOnlyCollection<string>>(ids => string.Join(",", ids) == "tkt_a"), ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
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
        _tickets.MarkDeletedAsync(Arg.Is<IReadOnlyCollection<string>>(ids => ids.Contains("tkt_bad")), Arg.Any<ChangeSource>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new MirrorDataException("23514", "new row violates check constraint"));

        var result = await ApplyAsync(
            Message("ticket.deleted", Deleted("tkt_bad"), "msg_bad"),
            Message("ticket.deleted", Deleted("tkt_gone")));

        result.Errors.ShouldBe(["The cache refused it: 23514 new row violates check constraint", null]);
        result.Applied.ShouldBe(1);
        await _tickets.Received(1).MarkDeletedAsync(
            Arg.Is<IReadOnlyCollection<string>>(ids => string.Join(",", ids) == "tkt_gone"), ChangeSource.Webhook, Now, Arg.Any<CancellationToken>());
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

    private Task<WebhookBatchResult> ApplyAsync(params StoredWebhook[] messages) =>
        new ApplyWebhookBatchHandler(_tickets, new RemoteTicketReader(), new FakeTimeProvider(Now))
            .Handle(new ApplyWebhookBatchCommand(messages), Ct).AsTask();

    private static StoredWebhook Message(string eventType, string body, string? webhookId = null) =>
        new(webhookId ?? "msg_" + Guid.NewGuid().ToString("N"), eventType, body);

    private static string Event(string type, JsonObject ticket, JsonObject? comment = null)
    {
        var data = new JsonObject { ["ticket"] = ticket };
        if (comment is not null)
        {
            data["comment"] = comment;
        }

        return new JsonObject { ["type"] = type, ["timestamp"] = Timestamp(Now), ["data"] = data }.ToJsonString();
    }

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
