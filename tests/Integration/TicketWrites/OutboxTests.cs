using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Projects;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Faults;
using TicketPriority = Ticketing.Domain.Tickets.TicketPriority;
using TicketStatus = Ticketing.Domain.Tickets.TicketStatus;

namespace Ticketing.IntegrationTests.TicketWrites;

/// <summary>
/// Writes made while Championship IT is down: what the user is told, what the outbox holds, and
/// that each write reaches the remote exactly once after recovery — also across a restart, and when
/// a delivery was cut off after the remote had already applied it.
/// </summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private readonly Infrastructure.Identity.ApplicationUser _author = ProjectRepositoryTests.User("author", "Ada Author");
    private TestApp _sync = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 20) with { Purpose = "outbox" });
        await using (var db = _sync.Database.CreateDbContext())
        {
            db.Users.Add(_author);
            await db.SaveChangesAsync(Ct);
        }

        (await _sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
    }

    public async ValueTask DisposeAsync() => await _sync.DisposeAsync();

    [Fact]
    public async Task Writes_during_an_outage_are_queued_then_delivered_exactly_once_after_recovery_even_across_a_restart()
    {
        // Fault: Championship IT answers 503 to everything.
        _sync.Simulator.Faults.Current = new FaultSettings { Down = true };
        var form = NewTicketForm();
        var target = await CachedTicketAsync();

        // What the user sees: "queued", not an error — also for a form submitted twice, and for a second change to one ticket.
        (await SendAsync(_sync, form)).Queued.ShouldBeTrue();
        (await SendAsync(_sync, form)).Queued.ShouldBeTrue();
        var first = await SendAsync(_sync, UpdateTicketCommand.For(target) with { Status = TicketStatus.Resolved });
        first.Outcome.ShouldBe(UpdateTicketOutcome.Queued);
        var second = await SendAsync(_sync, UpdateTicketCommand.For(target) with { Priority = TicketPriority.Critical });
        second.Outcome.ShouldBe(UpdateTicketOutcome.Queued);

        // What the pages show while down.
        var pending = await QueryAsync(_sync, new GetPendingWritesQuery([target.Id], IncludeCreates: true));
        pending.Creates.ShouldHaveSingleItem().Title.ShouldBe(form.Title);
        pending.For(target.Id).Select(u => u.Summary).ShouldBe(["status → Resolved", "priority → Critical"]);

        // A round while still down delivers nothing and keeps everything, in order.
        var stillDown = await SendAsync(_sync, new DeliverOutboxCommand());
        stillDown.ShouldBe(new OutboxDeliveryResult(0, 0, 3));

        // Data: three writes and their audit entries, nothing at the remote.
        await using (var db = _sync.Database.CreateDbContext())
        {
            (await db.Outbox.CountAsync(Ct)).ShouldBe(3);
            (await db.AuditLog.CountAsync(a => a.Action == CreateTicketHandler.AuditAction, Ct)).ShouldBe(1);
            (await db.AuditLog.CountAsync(a => a.Action == UpdateTicketHandler.AuditAction, Ct)).ShouldBe(2);
        }

        _sync.Simulator.Counters.Creates.ShouldBe(0);

        // The app is gone (killed between queueing and delivery); a new one over the same database delivers after recovery.
        await _sync.StopAsync();
        await using var restarted = await _sync.StartAnotherAsync();
        _sync.Simulator.Faults.Current = FaultSettings.None;
        var patchesBefore = _sync.Simulator.Counters.PatchRequests;

        var delivered = await SendAsync(restarted, new DeliverOutboxCommand());

        delivered.ShouldBe(new OutboxDeliveryResult(3, 0, 0));
        _sync.Simulator.Counters.Creates.ShouldBe(1, "the form submitted twice files one ticket");
        (_sync.Simulator.Counters.PatchRequests - patchesBefore).ShouldBe(2);
        var remote = _sync.Simulator.Store.Find(target.ExternalTicketId).ShouldNotBeNull();
        remote.Status.ShouldBe(Simulator.Tickets.TicketStatus.Resolved);
        remote.Priority.ShouldBe(Simulator.Tickets.TicketPriority.Critical);

        // Delivered once: another round sends nothing.
        (await SendAsync(restarted, new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(0, 0, 0));
        _sync.Simulator.Counters.Creates.ShouldBe(1);
        (_sync.Simulator.Counters.PatchRequests - patchesBefore).ShouldBe(2);

        await using var check = _sync.Database.CreateDbContext();
        var writes = await check.Outbox.AsNoTracking().OrderBy(w => w.Id).ToListAsync(Ct);
        writes.ShouldAllBe(w => w.State == PendingWriteState.Delivered && w.CompletedAt != null);
        var filed = writes[0];
        filed.TicketNumber.ShouldNotBeNull();
        var cached = await check.Tickets.SingleAsync(t => t.TicketNumber == filed.TicketNumber, Ct);
        cached.Title.ShouldBe(form.Title);
        filed.TicketId.ShouldBe(cached.Id);
        var updated = await check.Tickets.SingleAsync(t => t.Id == target.Id, Ct);
        updated.Status.ShouldBe(TicketStatus.Resolved);
        updated.Priority.ShouldBe(TicketPriority.Critical);
        await _sync.AssertCacheEqualsRemoteAsync();
    }

    [Fact]
    public async Task A_delivery_cut_off_after_the_remote_applied_it_is_not_sent_again()
    {
        _sync.Simulator.Faults.Current = new FaultSettings { Down = true };
        var form = NewTicketForm();
        var target = await CachedTicketAsync();
        (await SendAsync(_sync, form)).Queued.ShouldBeTrue();
        (await SendAsync(_sync, UpdateTicketCommand.For(target) with { Status = TicketStatus.OnHold })).Outcome.ShouldBe(UpdateTicketOutcome.Queued);
        _sync.Simulator.Faults.Current = FaultSettings.None;

        // Fault: an earlier delivery reached the remote, then the app died before recording it.
        await _sync.InScopeAsync(async services =>
        {
            var remoteApi = services.GetRequiredService<ITicketingApi>();
            await remoteApi.CreateTicketAsync(new RemoteTicketCreate(form.Title!, form.Priority!.Value), form.IdempotencyKey, Ct);
            await remoteApi.UpdateTicketAsync(target.ExternalTicketId, new RemoteTicketUpdate { Status = TicketStatus.OnHold }, Ct);
        }, Author);

        var patchesBefore = _sync.Simulator.Counters.PatchRequests;
        var replaysBefore = _sync.Simulator.Counters.IdempotentReplays;

        (await SendAsync(_sync, new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(2, 0, 0));

        _sync.Simulator.Counters.Creates.ShouldBe(1, "the create's repeat carries its Idempotency-Key");
        (_sync.Simulator.Counters.IdempotentReplays - replaysBefore).ShouldBe(1);
        (_sync.Simulator.Counters.PatchRequests - patchesBefore).ShouldBe(0, "the remote already holds the change");
        await _sync.AssertCacheEqualsRemoteAsync();
    }

    [Fact]
    public async Task A_queued_write_the_remote_refuses_is_told_to_its_author_and_leaves_the_queue()
    {
        // Fault: a write Championship IT answers with 422 (a title longer than it takes).
        await _sync.InScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<ITicketOutbox>();
            await outbox.EnqueueAsync(
                new PendingTicketWrite
                {
                    IdempotencyKey = Guid.NewGuid(),
                    Kind = PendingWriteKind.Create,
                    Summary = "Too long",
                    PayloadJson = OutboxPayload.Of(new RemoteTicketCreate(new string('x', 300), TicketPriority.Low)),
                    AuthorUserId = _author.Id,
                    QueuedAt = DateTimeOffset.UtcNow,
                },
                CreateTicketHandler.AuditAction,
                new { Queued = true },
                Ct);
        }, Author);

        var result = await SendAsync(_sync, new DeliverOutboxCommand());

        result.ShouldBe(new OutboxDeliveryResult(0, 1, 0));
        _sync.Simulator.Counters.Creates.ShouldBe(0);
        await using var db = _sync.Database.CreateDbContext();
        var write = await db.Outbox.SingleAsync(Ct);
        write.State.ShouldBe(PendingWriteState.Rejected);
        write.LastError.ShouldNotBeNull().ShouldContain("Title");
        var notification = await db.Notifications.SingleAsync(Ct);
        notification.UserId.ShouldBe(_author.Id);
        notification.NotificationType.ShouldBe(NotificationType.WriteRejected);
        notification.TicketId.ShouldBeNull();
        notification.Title.ShouldContain("Too long");
        notification.Message.ShouldContain("Title");

        // The inbox lists it although it is about no ticket.
        var inbox = await _sync.InScopeAsync(services => services.GetRequiredService<INotificationRepository>().GetInboxAsync(_author.Id, false, null, 1, 25, Ct), Author);
        inbox.Items.ShouldHaveSingleItem().TicketNumber.ShouldBeNull();
    }

    [Fact]
    public async Task An_unreadable_queued_write_is_rejected_and_does_not_hold_up_the_writes_behind_it()
    {
        var form = NewTicketForm();
        await _sync.InScopeAsync(async services =>
        {
            await services.GetRequiredService<ITicketOutbox>().EnqueueAsync(
                new PendingTicketWrite
                {
                    IdempotencyKey = Guid.NewGuid(),
                    Kind = PendingWriteKind.Create,
                    Summary = "Broken",
                    PayloadJson = "[1, 2, 3]",
                    AuthorUserId = _author.Id,
                    QueuedAt = DateTimeOffset.UtcNow,
                },
                CreateTicketHandler.AuditAction,
                new { Queued = true },
                Ct);
        }, Author);

        _sync.Simulator.Faults.Current = new FaultSettings { Down = true };
        (await SendAsync(_sync, form)).Queued.ShouldBeTrue();
        _sync.Simulator.Faults.Current = FaultSettings.None;

        (await SendAsync(_sync, new DeliverOutboxCommand())).ShouldBe(new OutboxDeliveryResult(1, 1, 0));

        _sync.Simulator.Counters.Creates.ShouldBe(1);
        await using var db = _sync.Database.CreateDbContext();
        (await db.Notifications.SingleAsync(Ct)).Message.ShouldContain("could not be read");
    }

    private static CreateTicketCommand NewTicketForm() => new()
    {
        IdempotencyKey = Guid.NewGuid(),
        Title = "Wi-Fi down on floor 3 " + Guid.NewGuid().ToString("N")[..6],
        Priority = TicketPriority.High,
        Category = "Network",
        Tags = "wifi",
    };

    private async Task<Ticket> CachedTicketAsync()
    {
        await using var db = _sync.Database.CreateDbContext();
        return await db.Tickets.AsNoTracking()
            .Where(t => t.DeletedAt == null && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.OnHold
                && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled && t.Priority != TicketPriority.Critical)
            .OrderBy(t => t.TicketNumber)
            .FirstAsync(Ct);
    }

    /// <summary>Everything here is done by the author of the writes, as their pages would.</summary>
    private TestUser Author => TestUser.WithId(_author.Id);

    private Task<TResponse> SendAsync<TResponse>(TestApp app, ICommand<TResponse> command) => app.SendAsync(command, Author);

    private Task<TResponse> QueryAsync<TResponse>(TestApp app, IQuery<TResponse> query) => app.SendAsync(query, Author);
}
