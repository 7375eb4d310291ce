using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Commands.RaiseSlaBreaches;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Sla;
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

    [Fact]
    public async Task A_missed_policy_target_raises_one_breach_per_target_and_spell_and_a_ticket_no_policy_covers_keeps_its_due_date()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 10) with { Purpose = "notifications" });
        var sam = await CreateUserAsync(sync, "sam@example.test", remoteAssigneeId: "agt_9");
        var created = DateTimeOffset.UtcNow.AddHours(-3);

        // Answered within the first-response hour, unresolved past the two-hour resolution target; Championship IT's
        // own due date is a day away, so only the policy can call this a breach.
        var covered = TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Urgent, created, dueDate: DateTimeOffset.UtcNow.AddDays(1));
        covered.AssigneeId = "agt_9";
        var uncovered = TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, created, dueDate: DateTimeOffset.UtcNow.AddMinutes(-5));
        uncovered.AssigneeId = "agt_9";
        await using (var db = sync.Database.CreateDbContext())
        {
            db.Tickets.AddRange(covered, uncovered);
            await db.SaveChangesAsync(Ct);
        }

        await sync.ExecuteAsync("INSERT INTO remote_agents (id, name, email, active, refreshed_at) VALUES ('agt_ana', 'Ana Agent', 'ana.agent@example.org', true, now())");
        await sync.ExecuteAsync(
            "INSERT INTO ticket_comments (ticket_id, external_comment_id, author_name, author_email, body, visibility, created_at) VALUES ($1, 'cmt_breach_1', 'Ana Agent', 'ana.agent@example.org', 'On it', 'public', $2)",
            covered.Id, created.AddMinutes(30));
        var policy = new SlaPolicy
        {
            Id = Guid.NewGuid(), Name = "Urgent", Priorities = [TicketPriority.Urgent], FirstResponseMinutes = 60, ResolutionMinutes = 120,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await sync.InScopeAsync(services => services.GetRequiredService<ISlaRepository>().SavePolicyAsync(policy, true, Ct));
        await sync.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));

        var first = await SendAsync(sync, new RaiseSlaBreachesCommand());
        var second = await SendAsync(sync, new RaiseSlaBreachesCommand());

        first.ShouldBe(2);
        second.ShouldBe(0);
        await using (var check = sync.Database.CreateDbContext())
        {
            var breaches = await check.Notifications.Where(n => n.NotificationType == NotificationType.SlaBreach && n.UserId == sam).ToListAsync(Ct);
            var byPolicy = breaches.Single(n => n.TicketId == covered.Id);
            byPolicy.Title.ShouldBe($"{covered.TicketNumber} missed its resolution target");
            byPolicy.DueAt!.Value.ShouldBe(created.AddHours(2), TimeSpan.FromMilliseconds(1));
            var byDueDate = breaches.Single(n => n.TicketId == uncovered.Id);
            byDueDate.Title.ShouldBe($"{uncovered.TicketNumber} breached its SLA");
        }

        // Resolved and reopened: a new spell, whose breach is told once more.
        await sync.ExecuteAsync(
            "INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source) VALUES ($1, 'status', 'resolved', 'in_progress', now(), now(), 'sync')",
            covered.Id);
        (await SendAsync(sync, new RaiseSlaBreachesCommand())).ShouldBe(1);
        (await SendAsync(sync, new RaiseSlaBreachesCommand())).ShouldBe(0);
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
