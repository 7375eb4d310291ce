using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator.Tickets;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using Ticket = Ticketing.Domain.Tickets.Ticket;
using TicketPriority = Ticketing.Domain.Tickets.TicketPriority;
using TicketStatus = Ticketing.Domain.Tickets.TicketStatus;

namespace Ticketing.E2ETests.Infrastructure;

/// <summary>Tickets as a sync would have stored them in the mirror, for the list's tests to seed.</summary>
public static class ListTickets
{
    public static Ticket Make(
        string number,
        string title,
        TicketStatus status,
        TicketPriority priority,
        DateTimeOffset updated,
        DateTimeOffset? due = null,
        string? assignee = null,
        DateTimeOffset? created = null,
        bool deleted = false) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = "tkt_" + number,
        TicketNumber = number,
        Title = title,
        Description = "Reported by a test.",
        Status = status,
        Priority = priority,
        Category = "Network",
        Department = "IT Operations",
        RequesterName = "Dana Ruiz",
        AssigneeId = assignee,
        AssigneeName = assignee is null ? null : "Agent " + assignee,
        CreatedAt = created ?? updated.AddDays(-1),
        UpdatedAt = updated,
        ResolvedAt = status is TicketStatus.Resolved or TicketStatus.Closed ? updated : null,
        DueDate = due,
        LastSyncedAt = DateTimeOffset.UtcNow,
        DeletedAt = deleted ? DateTimeOffset.UtcNow : null,
    };

    /// <summary>A word no other test's tickets contain, for searching the list.</summary>
    public static string Token() => "w" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Tickets created at the remote (each changed there by <paramref name="change"/> first, when given)
    /// and mirrored into an otherwise empty cache, as a sync would; with their cache ids, in order.
    /// </summary>
    public static async Task<IReadOnlyList<Ticket>> SeedAtRemoteAsync(this TestApp app, IReadOnlyList<string> titles, Func<int, TicketPatch?>? change = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await app.ReplaceTicketsAsync();
        var created = titles
            .Select(title => app.Simulator.Store.Create(
                new NewTicketInput(title, "Seeded by an end-to-end test.", SimPriority.Medium, "Hardware", "IT Operations", "Dana Ruiz", null, null, [], "{}"),
                idempotencyKey: null).Ticket)
            .ToList();
        for (var i = 0; i < created.Count; i++)
        {
            if (change?.Invoke(i) is { } patch)
            {
                app.Simulator.Store.Update(created[i].Id, patch);
            }
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var remote = scope.ServiceProvider.GetRequiredService<ITicketingApi>();
            var read = new List<Ticket>();
            foreach (var ticket in created)
            {
                read.Add((await remote.GetTicketAsync(ticket.Id, ct)).Ticket);
            }

            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync(read, ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: false, ct);
        }

        var ids = created.Select(t => t.Id).ToList();
        await using var db = app.Database.CreateDbContext();
        var cached = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.ExternalTicketId)).ToListAsync(ct);
        return [.. ids.Select(id => cached.Single(t => t.ExternalTicketId == id))];
    }
}
