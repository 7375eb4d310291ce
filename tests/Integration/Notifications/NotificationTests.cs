using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Commands.RaiseSlaBreaches;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Notifications;

namespace Ticketing.IntegrationTests.Notifications;

/// <summary>Notifications from recorded ticket events and from the SLA job, against real PostgreSQL.</summary>
public sealed class NotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_webhook_reassignment_notifies_the_mapped_user_once_and_a_later_sync_of_the_same_change_adds_nothing()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 10) with { Purpose = "notifications" });
        var sam = await CreateUserAsync(sync, "sam@example.test", remoteAssigneeId: "agt_77");
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-2));
        await UpsertAsync(sync, ticket, ChangeSource.Sync);
        await DispatchAllAsync(sync);

        var reassigned = Copy(ticket, t => { t.AssigneeId = "agt_77"; t.AssigneeName = "Sam"; t.UpdatedAt = ticket.UpdatedAt.AddMinutes(5); });
        await UpsertAsync(sync, reassigned, ChangeSource.Webhook);
        await DispatchAllAsync(sync);
        await UpsertAsync(sync, Copy(reassigned, _ => { }), ChangeSource.Sync);
        await UpsertAsync(sync, Copy(reassigned, _ => { }), ChangeSource.Webhook);
        await DispatchAllAsync(sync);

        await using var db = sync.Database.CreateDbContext();
        var notifications = await db.Notifications.Where(n => n.UserId == sam).ToListAsync(Ct);
        var only = notifications.ShouldHaveSingleItem();
        only.NotificationType.ShouldBe(NotificationType.Assignment);
        only.Title.ShouldBe($"{ticket.TicketNumber}: assignee → you");
        only.IsRead.ShouldBeFalse();
        (await db.TicketEvents.CountAsync(e => e.ProcessedAt == null, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_status_change_made_by_the_user_through_the_app_does_not_notify_them_but_notifies_the_requester()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 10) with { Purpose = "notifications" });
        var sam = await CreateUserAsync(sync, "sam@example.test", remoteAssigneeId: "agt_77");
        var dana = await CreateUserAsync(sync, "dana@example.org", remoteAssigneeId: null);
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-2));
        ticket.AssigneeId = "agt_77";
        ticket.RequesterEmail = "Dana@Example.org";
        await UpsertAsync(sync, ticket, ChangeSource.Sync);
        await DispatchAllAsync(sync);
        await using (var db = sync.Database.CreateDbContext())
        {
            await db.Notifications.ExecuteDeleteAsync(Ct);
        }

        await UpsertAsync(sync, Copy(ticket, t => { t.Status = TicketStatus.InProgress; t.UpdatedAt = ticket.UpdatedAt.AddMinutes(1); }), ChangeSource.App, actor: sam);
        await DispatchAllAsync(sync);

        await using var check = sync.Database.CreateDbContext();
        var all = await check.Notifications.ToListAsync(Ct);
        var single = all.ShouldHaveSingleItem();
        single.UserId.ShouldBe(dana);
        single.NotificationType.ShouldBe(NotificationType.StatusChange);
        single.Title.ShouldBe($"{ticket.TicketNumber}: status → In progress");
    }

    [Fact]
    public async Task The_sla_job_raises_a_breach_once_for_the_assignee_and_every_admin()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 10) with { Purpose = "notifications" });
        var sam = await CreateUserAsync(sync, "sam@example.test", remoteAssigneeId: "agt_9");
        var admin = await CreateUserAsync(sync, "boss@example.test", remoteAssigneeId: null, role: Roles.Admin);
        var late = TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Urgent, DateTimeOffset.UtcNow.AddHours(-10), dueDate: DateTimeOffset.UtcNow.AddMinutes(-5));
        late.AssigneeId = "agt_9";
        var resolvedLate = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Urgent, DateTimeOffset.UtcNow.AddHours(-10), resolvedAt: DateTimeOffset.UtcNow, dueDate: DateTimeOffset.UtcNow.AddMinutes(-5));
        var notDueYet = TicketFactory.Create(TicketStatus.Open, TicketPriority.Urgent, DateTimeOffset.UtcNow.AddHours(-1), dueDate: DateTimeOffset.UtcNow.AddHours(1));
        await using (var db = sync.Database.CreateDbContext())
        {
            db.Tickets.AddRange(late, resolvedLate, notDueYet);
            await db.SaveChangesAsync(Ct);
        }

        var first = await SendAsync(sync, new RaiseSlaBreachesCommand());
        var second = await SendAsync(sync, new RaiseSlaBreachesCommand());

        first.ShouldBe(2);
        second.ShouldBe(0);
        await using var check = sync.Database.CreateDbContext();
        var breaches = await check.Notifications.Where(n => n.NotificationType == NotificationType.SlaBreach).ToListAsync(Ct);
        breaches.Select(n => n.UserId).ShouldBe([sam, admin], ignoreOrder: true);
        breaches.ShouldAllBe(n => n.TicketId == late.Id);
        // PostgreSQL keeps microseconds; .NET ticks are finer.
        breaches.ShouldAllBe(n => n.DueAt.HasValue && (n.DueAt.Value - late.DueDate!.Value).Duration() < TimeSpan.FromMilliseconds(1) && n.Message == late.Title);
    }

    private static Task<string> CreateUserAsync(TestApp sync, string email, string? remoteAssigneeId, string role = Roles.Staff) =>
        sync.InScopeAsync(async services =>
        {
            var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role))
            {
                (await roles.CreateAsync(new IdentityRole(role))).Succeeded.ShouldBeTrue();
            }

            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, RemoteAssigneeId = remoteAssigneeId, CreatedAt = DateTimeOffset.UtcNow };
            (await users.CreateAsync(user, "A-long-enough-password-1")).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
            return user.Id;
        });

    private static async Task UpsertAsync(TestApp sync, Ticket ticket, ChangeSource source, string? actor = null) =>
        await sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([ticket], source, DateTimeOffset.UtcNow, touchUnchanged: false, Ct, actor));

    private static async Task DispatchAllAsync(TestApp sync)
    {
        var dispatcher = sync.Services.GetRequiredService<NotificationDispatcher>();
        while (await dispatcher.DispatchOnceAsync(Ct) > 0)
        {
        }
    }

    private static Task<int> SendAsync(TestApp sync, RaiseSlaBreachesCommand command) => sync.SendAsync(command);

    private static Ticket Copy(Ticket source, Action<Ticket> change)
    {
        var copy = new Ticket
        {
            Id = source.Id,
            ExternalTicketId = source.ExternalTicketId,
            TicketNumber = source.TicketNumber,
            Title = source.Title,
            Description = source.Description,
            Status = source.Status,
            Priority = source.Priority,
            Category = source.Category,
            RequesterId = source.RequesterId,
            RequesterName = source.RequesterName,
            RequesterEmail = source.RequesterEmail,
            AssigneeId = source.AssigneeId,
            AssigneeName = source.AssigneeName,
            Department = source.Department,
            CreatedAt = source.CreatedAt,
            UpdatedAt = source.UpdatedAt,
            ResolvedAt = source.ResolvedAt,
            DueDate = source.DueDate,
            Tags = source.Tags,
            CustomFieldsJson = source.CustomFieldsJson,
            LastSyncedAt = source.LastSyncedAt,
        };
        change(copy);
        return copy;
    }
}
