using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Tickets;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using TicketPriority = Ticketing.Domain.Tickets.TicketPriority;
using TicketStatus = Ticketing.Domain.Tickets.TicketStatus;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.IntegrationTests.TicketWrites;

/// <summary>Creates and updates through the real composition: the client against the simulator, the cache in PostgreSQL.</summary>
public sealed class TicketWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_sent_twice_with_the_same_key_files_one_ticket_and_mirrors_it()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 20) with { Purpose = "ticketwrites" });
        var command = new CreateTicketCommand
        {
            IdempotencyKey = Guid.NewGuid(),
            Title = "Badge reader at the front door is dead",
            Description = "Nobody can get in after 6 pm.",
            Priority = TicketPriority.Urgent,
            Category = "Facilities",
            DueDate = DateTimeOffset.UtcNow.AddDays(1),
            Tags = "door, badge",
        };

        var first = await SendAsync(sync, command);
        var second = await SendAsync(sync, command);

        sync.Simulator.Counters.Creates.ShouldBe(1);
        sync.Simulator.Counters.IdempotentReplays.ShouldBe(1);
        first.WasAlreadyCreated.ShouldBeFalse();
        second.WasAlreadyCreated.ShouldBeTrue();
        second.ExternalTicketId.ShouldBe(first.ExternalTicketId);
        second.TicketId.ShouldBe(first.TicketId);
        var remote = sync.Simulator.Store.Find(first.ExternalTicketId!).ShouldNotBeNull();
        remote.Title.ShouldBe(command.Title);
        remote.Tags.ShouldBe(["door", "badge"]);

        await using var db = sync.Database.CreateDbContext();
        var cached = await db.Tickets.SingleAsync(t => t.ExternalTicketId == first.ExternalTicketId, Ct);
        cached.Id.ShouldBe(first.TicketId!.Value);
        cached.Title.ShouldBe(command.Title);
        cached.Priority.ShouldBe(TicketPriority.Urgent);
        cached.TicketNumber.ShouldBe(remote.TicketNumber);
        (await db.TicketHistory.Where(h => h.TicketId == cached.Id).Select(h => h.Field).ToListAsync(Ct)).ShouldBe(["created"]);
        (await db.AuditLog.CountAsync(a => a.Action == CreateTicketHandler.AuditAction && a.TargetId == first.ExternalTicketId, Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task Create_with_an_empty_title_never_reaches_the_remote()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 5) with { Purpose = "ticketwrites" });

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await SendAsync(sync, new CreateTicketCommand { IdempotencyKey = Guid.NewGuid(), Title = " ", Priority = TicketPriority.Low }));

        ex.Errors.Keys.ShouldBe([nameof(CreateTicketCommand.Title)]);
        sync.Simulator.Counters.CreateRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Update_changes_the_remote_and_the_cache_and_records_history_and_audit()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 60) with { Purpose = "ticketwrites" });
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        await using var db = sync.Database.CreateDbContext();
        var all = await db.Tickets.AsNoTracking().OrderBy(t => t.TicketNumber).ToListAsync(Ct);
        var loaded = all.First(t => t.Status.IsActive() && t.Priority != TicketPriority.Critical);
        var otherAssignee = all.Where(t => t.AssigneeId != null && t.AssigneeId != loaded.AssigneeId)
            .Select(t => new { t.AssigneeId, t.AssigneeName }).First();

        var result = await SendAsync(sync, UpdateTicketCommand.For(loaded) with
        {
            Status = TicketStatus.Resolved,
            Priority = TicketPriority.Critical,
            AssigneeId = otherAssignee.AssigneeId,
        });

        result.Outcome.ShouldBe(UpdateTicketOutcome.Saved);
        result.Fields.ShouldBe(["status", "priority", "assignee"]);
        sync.Simulator.Counters.PatchRequests.ShouldBe(1);
        var remote = sync.Simulator.Store.Find(loaded.ExternalTicketId).ShouldNotBeNull();
        remote.Status.ShouldBe(Ticketing.Simulator.Tickets.TicketStatus.Resolved);
        remote.Priority.ShouldBe(SimPriority.Critical);
        remote.AssigneeId.ShouldBe(otherAssignee.AssigneeId);
        remote.AssigneeName.ShouldBe(otherAssignee.AssigneeName);
        remote.Category.ShouldBe(loaded.Category, "fields the user left alone are not sent");

        var cached = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == loaded.Id, Ct);
        cached.Status.ShouldBe(TicketStatus.Resolved);
        cached.Priority.ShouldBe(TicketPriority.Critical);
        cached.AssigneeId.ShouldBe(otherAssignee.AssigneeId);
        cached.UpdatedAt.ShouldBeGreaterThan(loaded.UpdatedAt);
        var history = await db.TicketHistory.AsNoTracking().Where(h => h.TicketId == loaded.Id && h.Source == ChangeSource.App).ToListAsync(Ct);
        history.Select(h => h.Field).ShouldBe(["status", "priority", "assignee"], ignoreOrder: true);
        var statusChange = history.Single(h => h.Field == "status");
        statusChange.OldValue.ShouldBe(WireName<TicketStatus>.Of(loaded.Status));
        statusChange.NewValue.ShouldBe("resolved");
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == UpdateTicketHandler.AuditAction, Ct);
        audit.TargetId.ShouldBe(loaded.ExternalTicketId);
        using var details = JsonDocument.Parse(audit.DetailsJson);
        var status = details.RootElement.GetProperty("changes").GetProperty("status");
        status.GetProperty("old").GetString().ShouldBe(WireName<TicketStatus>.Of(loaded.Status));
        status.GetProperty("new").GetString().ShouldBe("resolved");
    }

    [Fact]
    public async Task A_change_at_the_remote_after_the_form_was_loaded_is_detected_and_nothing_is_patched()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 30) with { Purpose = "ticketwrites" });
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        await using var db = sync.Database.CreateDbContext();
        var loaded = (await db.Tickets.AsNoTracking().OrderBy(t => t.TicketNumber).ToListAsync(Ct))
            .First(t => t.Status != TicketStatus.Resolved && t.Priority != TicketPriority.Low);
        var form = UpdateTicketCommand.For(loaded) with { Status = TicketStatus.Resolved };

        // Someone else lowers the priority in Championship IT while the form is open.
        sync.Simulator.Store.Update(loaded.ExternalTicketId, new TicketPatch { Priority = Optional<SimPriority>.Of(SimPriority.Low) }).ShouldNotBeNull();
        var result = await SendAsync(sync, form);

        result.Outcome.ShouldBe(UpdateTicketOutcome.Conflict);
        result.Current.Priority.ShouldBe(TicketPriority.Low);
        result.Fields.ShouldContain("status");
        sync.Simulator.Counters.PatchRequests.ShouldBe(0);
        sync.Simulator.Store.Find(loaded.ExternalTicketId)!.Status.ShouldNotBe(Ticketing.Simulator.Tickets.TicketStatus.Resolved);
        var cached = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == loaded.Id, Ct);
        cached.Priority.ShouldBe(TicketPriority.Low, "the cache now holds the current version");
        cached.Status.ShouldBe(loaded.Status);
        (await db.AuditLog.CountAsync(a => a.Action == UpdateTicketHandler.AuditAction, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_update_patches_each_ticket_and_reports_the_one_the_remote_lost()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 30) with { Purpose = "ticketwrites" });
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        await using var db = sync.Database.CreateDbContext();
        var picked = await db.Tickets.AsNoTracking().Where(t => t.Priority != TicketPriority.Critical)
            .OrderBy(t => t.TicketNumber).Take(3).ToListAsync(Ct);
        sync.Simulator.Store.Delete(picked[1].ExternalTicketId).ShouldBeTrue();

        var result = await SendAsync(sync, new BulkUpdateTicketsCommand { TicketIds = [.. picked.Select(t => t.Id)], Priority = TicketPriority.Critical });

        result.Outcomes.Select(o => o.Succeeded).ShouldBe([true, false, true]);
        result.Outcomes[1].Error!.ShouldContain("404");
        foreach (var ticket in new[] { picked[0], picked[2] })
        {
            sync.Simulator.Store.Find(ticket.ExternalTicketId)!.Priority.ShouldBe(SimPriority.Critical);
            (await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticket.Id, Ct)).Priority.ShouldBe(TicketPriority.Critical);
        }

        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == BulkUpdateTicketsHandler.AuditAction, Ct);
        using var details = JsonDocument.Parse(audit.DetailsJson);
        details.RootElement.GetProperty("succeeded").GetInt32().ShouldBe(2);
        details.RootElement.GetProperty("failed").GetInt32().ShouldBe(1);
        details.RootElement.GetProperty("tickets").EnumerateArray()
            .Single(t => t.GetProperty("outcome").GetString() == "failed").GetProperty("ticket_number").GetString().ShouldBe(picked[1].TicketNumber);
    }

    private static Task<TResponse> SendAsync<TResponse>(TestApp sync, ICommand<TResponse> command) => sync.SendAsync(command);
}
