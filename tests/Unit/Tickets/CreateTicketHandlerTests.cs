using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Tickets;

public sealed class CreateTicketHandlerTests
{
    private static readonly string[] PrinterTags = ["printer", "fire"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TicketWriteFakes _fakes = new();

    private CreateTicketHandler Handler => new(_fakes.Remote, _fakes.Tickets, _fakes.Outbox, _fakes.Audit, _fakes.User, _fakes.Clock);

    private static CreateTicketCommand Command(Guid key) => new()
    {
        IdempotencyKey = key,
        Title = "  Printer on fire ",
        Description = "Smoke from tray 2.",
        Priority = TicketPriority.Critical,
        Category = "Hardware",
        Department = " ",
        DueDate = TicketWriteFakes.Now.AddHours(4),
        Tags = "printer, fire",
    };

    [Fact]
    public async Task Sends_the_forms_idempotency_key_stores_the_answer_and_finds_it_in_the_cache()
    {
        var key = Guid.NewGuid();
        var answer = TicketWriteFakes.Ticket("tkt_new", "IT-000777", TicketStatus.Open, TicketPriority.Critical);
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), key, Arg.Any<CancellationToken>()).Returns(new RemoteCreatedTicket(answer, false, 0));
        var cacheId = Guid.CreateVersion7();
        _fakes.Tickets.FindIdAsync("tkt_new", Arg.Any<CancellationToken>()).Returns(cacheId);

        var result = await Handler.Handle(Command(key), Ct);

        result.ShouldBe(new CreateTicketResult(cacheId, "tkt_new", "IT-000777", false));
        await _fakes.Remote.Received(1).CreateTicketAsync(
            Arg.Is<RemoteTicketCreate>(c => c.Title == "Printer on fire" && c.Priority == TicketPriority.Critical && c.Category == "Hardware"
                && c.Department == null && c.DueDate == TicketWriteFakes.Now.AddHours(4) && c.Tags!.SequenceEqual(PrinterTags)),
            key,
            Arg.Any<CancellationToken>());
        await _fakes.Tickets.Received(1).UpsertManyAsync(
            Arg.Is<IReadOnlyCollection<Ticket>>(t => t.Single() == answer), ChangeSource.App, TicketWriteFakes.Now, false, Arg.Any<CancellationToken>(), "user-1");
        _fakes.AuditDetails(CreateTicketHandler.AuditAction).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(false, "Ada Agent", "ada@example.org")]
    [InlineData(true, "Noor Haddad", "noor.haddad@example.org")]
    public async Task The_requester_is_the_signed_in_user_unless_filed_on_behalf_of_someone(bool onBehalf, string name, string email)
    {
        _fakes.User.DisplayName.Returns("Ada Agent");
        _fakes.User.Email.Returns("ada@example.org");
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), Arg.Any<Guid>(), Arg.Any<CancellationToken>())
            .Returns(new RemoteCreatedTicket(TicketWriteFakes.Ticket("tkt_req", "IT-000778"), false, 0));
        var command = Command(Guid.NewGuid()) with { OnBehalf = onBehalf, RequesterName = " Noor Haddad ", RequesterEmail = "noor.haddad@example.org" };

        await Handler.Handle(command, Ct);

        await _fakes.Remote.Received(1).CreateTicketAsync(
            Arg.Is<RemoteTicketCreate>(c => c.RequesterName == name && c.RequesterEmail == email), Arg.Any<Guid>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_repeated_key_returns_the_first_ticket_and_says_so()
    {
        var key = Guid.NewGuid();
        var first = TicketWriteFakes.Ticket("tkt_first", "IT-000100");
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), key, Arg.Any<CancellationToken>()).Returns(new RemoteCreatedTicket(first, true, 0));
        _fakes.Tickets.FindIdAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns((Guid?)null);

        var result = await Handler.Handle(Command(key), Ct);

        result.WasAlreadyCreated.ShouldBeTrue();
        result.TicketNumber.ShouldBe("IT-000100");
        result.TicketId.ShouldBeNull("the cache no longer has it");
    }

    [Fact]
    public async Task A_422_becomes_field_messages_on_the_form()
    {
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), Arg.Any<Guid>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteRejectedException("Championship IT rejected the request (422): invalid", new Dictionary<string, string[]>
            {
                ["title"] = ["must not be blank"],
                ["due_date"] = ["must be an ISO 8601 timestamp"],
                ["requester_email"] = ["must be a valid email address"],
            }));

        var ex = await Should.ThrowAsync<ValidationException>(async () => await Handler.Handle(Command(Guid.NewGuid()), Ct));

        ex.Errors["Title"].ShouldBe(["Title must not be blank."]);
        ex.Errors["DueDate"].ShouldBe(["Due date must be an ISO 8601 timestamp."]);
        ex.Errors[""].ShouldBe(["Requester's e-mail must be a valid email address."], "the requester is the user's own account: the summary says it");
        await _fakes.Tickets.DidNotReceiveWithAnyArgs().UpsertManyAsync(default!, default, default, default, Ct, default);
        _fakes.AuditDetails(CreateTicketHandler.AuditAction).ShouldBeEmpty();
    }

    [Fact]
    public async Task Filed_on_behalf_of_someone_a_422_on_the_requester_goes_to_its_field()
    {
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), Arg.Any<Guid>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteRejectedException("Championship IT rejected the request (422): invalid", new Dictionary<string, string[]>
            {
                ["requester_email"] = ["must be a valid email address"],
            }));
        var command = Command(Guid.NewGuid()) with { OnBehalf = true, RequesterName = "Noor Haddad", RequesterEmail = "noor@example.org" };

        var ex = await Should.ThrowAsync<ValidationException>(async () => await Handler.Handle(command, Ct));

        ex.Errors["RequesterEmail"].ShouldBe(["Requester's e-mail must be a valid email address."]);
        ex.Errors.ShouldNotContainKey("");
    }

    [Fact]
    public async Task An_unreachable_remote_queues_the_ticket_with_the_forms_key_instead_of_failing()
    {
        var key = Guid.NewGuid();
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), Arg.Any<Guid>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.Timeout, "Championship IT did not answer within 30 s."));

        var result = await Handler.Handle(Command(key), Ct);

        result.Queued.ShouldBeTrue();
        result.TicketNumber.ShouldBeNull("the remote numbers it when it is filed");
        var queued = _fakes.Queued.ShouldHaveSingleItem();
        queued.Kind.ShouldBe(PendingWriteKind.Create);
        queued.IdempotencyKey.ShouldBe(key, "the delivery must carry the key the form was shown with");
        queued.Summary.ShouldBe("Printer on fire");
        queued.AuthorUserId.ShouldBe("user-1");
        queued.State.ShouldBe(PendingWriteState.Pending);
        var body = OutboxPayload.ReadCreate(queued.PayloadJson);
        body.Priority.ShouldBe(TicketPriority.Critical);
        body.Tags.ShouldBe(["printer", "fire"]);
        await _fakes.Outbox.Received(1).EnqueueAsync(queued, CreateTicketHandler.AuditAction, Arg.Any<object>(), Arg.Any<CancellationToken>());
        _fakes.Stored.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_integration_that_is_not_configured_is_a_message_for_the_whole_form_not_a_queue()
    {
        _fakes.Remote.CreateTicketAsync(Arg.Any<RemoteTicketCreate>(), Arg.Any<Guid>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.NotConfigured, "No API key is set."));

        var ex = await Should.ThrowAsync<ValidationException>(async () => await Handler.Handle(Command(Guid.NewGuid()), Ct));

        ex.Errors.Keys.ShouldBe([""]);
        ex.Errors[""].Single().ShouldStartWith("Championship IT could not be reached, so nothing was saved.");
        _fakes.Queued.ShouldBeEmpty();
    }
}
