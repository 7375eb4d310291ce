using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;
using static Microsoft.Playwright.Assertions;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;
using Ticket = Ticketing.Domain.Tickets.Ticket;
using TicketPriority = Ticketing.Domain.Tickets.TicketPriority;
using TicketStatus = Ticketing.Domain.Tickets.TicketStatus;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// Acting on tickets from the list (issue 16): the inline editors written through to Championship IT,
/// what the row says when the ticket changed meanwhile, when Championship IT is down or refuses, rows
/// that stop matching while someone works on them, and following tickets in bulk.
/// </summary>
public sealed class TicketListEditingTests(E2EFixture e2e)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inline_priority_and_assignee_changes_reach_the_remote_and_the_row()
    {
        var token = ListTickets.Token();
        var agent = People.ActiveAgents[0];
        var seeded = await e2e.App.SeedAtRemoteAsync(
            [$"Projector {token} A", $"Projector {token} B"],
            i => i == 0 ? new TicketPatch { AssigneeId = Optional<string?>.Of(agent.Id), AssigneeName = Optional<string?>.Of(agent.Name) } : null);
        var (assigned, unassigned) = (seeded[0], seeded[1]);
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        await page.GotoAsync($"/Tickets?q={token}");
        await Expect(list.Rows).ToHaveCountAsync(2);

        // The mouse: the cell says how to change it; a double-click opens its editor; choosing saves through the remote.
        await list.Row(assigned.TicketNumber).Locator(".c-priority").HoverAsync();
        await Expect(list.Row(assigned.TicketNumber).Locator(".c-priority")).ToHaveAttributeAsync("title", "Double-click to change the priority (or press p)");
        await list.Row(assigned.TicketNumber).Locator(".c-priority").DblClickAsync();
        var priority = list.Editor("priority", assigned.TicketNumber);
        await Expect(priority).ToBeFocusedAsync();
        await Expect(priority).ToHaveValueAsync("medium");
        await priority.SelectOptionAsync(new SelectOptionValue { Label = "Critical" });
        await Expect(list.Row(assigned.TicketNumber).Locator(".c-priority")).ToHaveTextAsync("Critical");
        await Expect(list.RowNote(assigned.TicketNumber)).ToHaveTextAsync("Saved: priority changed.");
        await Expect(list.Row(assigned.TicketNumber).Locator(".c-num a")).ToBeFocusedAsync();
        e2e.App.Simulator.Store.Find(assigned.ExternalTicketId)!.Priority.ShouldBe(SimPriority.Critical);

        // The keyboard: a on the other row opens the assignee editor; the agent's name is shown.
        await list.Row(unassigned.TicketNumber).Locator(".c-num a").FocusAsync();
        await Expect(list.Row(unassigned.TicketNumber).Locator(".c-assignee")).ToHaveTextAsync("Unassigned");
        await page.Keyboard.PressAsync("a");
        var assignee = list.Editor("assignee", unassigned.TicketNumber);
        await Expect(assignee).ToBeFocusedAsync();
        await assignee.SelectOptionAsync(new SelectOptionValue { Label = agent.Name });
        await Expect(list.Row(unassigned.TicketNumber).Locator(".c-assignee")).ToHaveTextAsync(agent.Name);
        await Expect(list.RowNote(unassigned.TicketNumber)).ToContainTextAsync("Saved");
        await Expect(list.Announcer).ToContainTextAsync("Saved");
        var remote = e2e.App.Simulator.Store.Find(unassigned.ExternalTicketId)!;
        remote.AssigneeId.ShouldBe(agent.Id);
        remote.Priority.ShouldBe(SimPriority.Medium, "only the field edited was sent");

        // Escape closes an editor without saving anything.
        await page.Keyboard.PressAsync("p");
        await Expect(list.Editor("priority", unassigned.TicketNumber)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(list.Editor("priority", unassigned.TicketNumber)).ToHaveCountAsync(0);
        await Expect(list.Row(unassigned.TicketNumber).Locator(".c-priority")).ToHaveTextAsync("Medium");
    }

    [Fact]
    public async Task An_inline_change_to_a_ticket_changed_remotely_meanwhile_is_not_saved_and_the_row_shows_the_current_value()
    {
        var token = ListTickets.Token();
        var ticket = (await e2e.App.SeedAtRemoteAsync([$"Scanner jams {token}"])).Single();
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        await page.GotoAsync($"/Tickets?q={token}");
        await Expect(list.Row(ticket.TicketNumber).Locator(".c-status")).ToHaveTextAsync("Open");

        await list.Row(ticket.TicketNumber).Locator(".c-status").DblClickAsync();
        var editor = list.Editor("status", ticket.TicketNumber);
        await Expect(editor).ToBeFocusedAsync();
        // Someone at Championship IT puts it on hold while the editor is open.
        e2e.App.Simulator.Store.Update(ticket.ExternalTicketId, new TicketPatch { Status = Optional<SimStatus>.Of(SimStatus.Pending) }).ShouldNotBeNull();
        await editor.SelectOptionAsync(new SelectOptionValue { Label = "Resolved" });

        await Expect(list.RowNote(ticket.TicketNumber)).ToHaveTextAsync(
            "Not saved: someone changed this ticket meanwhile. It now shows their version; try again if still needed.");
        await Expect(list.RowNote(ticket.TicketNumber)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("row-note-problem"));
        await Expect(list.Row(ticket.TicketNumber).Locator(".c-status")).ToHaveTextAsync("Pending");
        await Expect(list.Announcer).ToContainTextAsync("Not saved");
        e2e.App.Simulator.Store.Find(ticket.ExternalTicketId)!.Status.ShouldBe(SimStatus.Pending, "their change is not overwritten");

        // Tried again on the version now shown, it is saved.
        await list.Row(ticket.TicketNumber).Locator(".c-status").DblClickAsync();
        await list.Editor("status", ticket.TicketNumber).SelectOptionAsync(new SelectOptionValue { Label = "Resolved" });
        await Expect(list.RowNote(ticket.TicketNumber)).ToHaveTextAsync("Saved: status changed.");
        e2e.App.Simulator.Store.Find(ticket.ExternalTicketId)!.Status.ShouldBe(SimStatus.Resolved);
    }

    [Fact]
    public async Task During_an_outage_an_inline_change_is_queued_and_said_so_and_a_change_the_remote_refuses_says_why()
    {
        var token = ListTickets.Token();
        var seeded = await e2e.App.SeedAtRemoteAsync([$"Headset crackles {token} A", $"Headset crackles {token} B"]);
        var (queued, refused) = (seeded[0], seeded[1]);
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        await page.GotoAsync($"/Tickets?q={token}");
        await Expect(list.Rows).ToHaveCountAsync(2);

        e2e.App.Simulator.Faults.Current = new FaultSettings { Down = true };
        try
        {
            await list.Row(queued.TicketNumber).Locator(".c-priority").DblClickAsync();
            await list.Editor("priority", queued.TicketNumber).SelectOptionAsync(new SelectOptionValue { Label = "Urgent" });
            await Expect(list.RowNote(queued.TicketNumber)).ToHaveTextAsync("Queued: it will be saved as soon as Championship IT answers.");
            await Expect(list.Row(queued.TicketNumber).Locator("[data-pending-change]")).ToContainTextAsync("Pending");
            await Expect(list.Announcer).ToContainTextAsync("Queued");
        }
        finally
        {
            e2e.App.Simulator.Faults.Current = FaultSettings.None;
        }

        await Eventually.UntilAsync(
            async () =>
            {
                await using var scope = e2e.App.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Mediator.ISender>()
                    .Send(new Ticketing.Application.Tickets.Outbox.DeliverOutbox.DeliverOutboxCommand(), Ct);
                return e2e.App.Simulator.Store.Find(queued.ExternalTicketId)!.Priority == SimPriority.Urgent;
            },
            "the queued inline change reached the remote");

        // Deleted at Championship IT meanwhile: the remote refuses, and the row says so in words.
        e2e.App.Simulator.Store.Delete(refused.ExternalTicketId, notify: false).ShouldBeTrue();
        await list.Row(refused.TicketNumber).Locator(".c-status").DblClickAsync();
        await list.Editor("status", refused.TicketNumber).SelectOptionAsync(new SelectOptionValue { Label = "In progress" });
        await Expect(list.RowNote(refused.TicketNumber)).ToContainTextAsync($"Not saved: Championship IT no longer has ticket {refused.TicketNumber}");
        await Expect(list.RowNote(refused.TicketNumber)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("row-note-problem"));
        await Expect(list.Row(refused.TicketNumber).Locator(".c-status")).ToHaveTextAsync("Open");
    }

    [Fact]
    public async Task Rows_that_stop_matching_fade_out_but_never_vanish_under_the_pointer_or_while_selected()
    {
        var now = DateTimeOffset.UtcNow;
        var tickets = Enumerable.Range(1, 4).Select(i => ListTickets.Make($"IT-40000{i}", $"Wi-Fi drops {i}", TicketStatus.Open, TicketPriority.Medium, now.AddHours(-i))).ToArray();
        await e2e.App.ReplaceTicketsAsync(tickets);
        var page = await e2e.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        var list = new TicketListPage(page);
        var bulk = new TicketBulkPage(page);
        await page.GotoAsync("/Tickets?status=open");
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        await Expect(list.Rows).ToHaveCountAsync(4);
        // The presets' counts arrive after the page: wait for them, so the line they sit on has its final width
        // before the pointer is placed (a wider line wraps and moves the table under a still pointer).
        await Expect(list.PresetCount("Unresolved")).ToHaveTextAsync("4");
        await bulk.Select("IT-400003").CheckAsync();
        await list.Row("IT-400001").Locator(".c-title").HoverAsync();

        // Three of them are resolved elsewhere: none matches "Open" any more.
        await ResolveAsync(tickets[0], tickets[1], tickets[2]);

        await Expect(list.Row("IT-400002")).ToHaveCountAsync(0);
        await Expect(list.Announcer).ToContainTextAsync("3 tickets no longer match the filters.");
        foreach (var kept in new[] { "IT-400001", "IT-400003" })
        {
            await Expect(list.Row(kept)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("row-gone"));
            await Expect(list.Row(kept)).ToContainTextAsync("No longer matches the filters");
        }

        await Expect(list.Row("IT-400004")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("row-gone"));
        await Expect(list.Row("IT-400001").Locator(".c-status")).ToHaveTextAsync("Open", new() { Timeout = 1000 });

        // The pointer leaves: that row goes. The selected one stays until it is unselected and left.
        await page.Mouse.MoveAsync(5, 5);
        await Expect(list.Row("IT-400001")).ToHaveCountAsync(0);
        await Expect(list.Row("IT-400003")).ToHaveCountAsync(1);
        await bulk.Select("IT-400003").UncheckAsync();
        await Expect(list.Row("IT-400003")).ToHaveCountAsync(1);
        await list.Heading.ClickAsync();
        await Expect(list.Row("IT-400003")).ToHaveCountAsync(0);
        await Expect(list.Rows).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_change_made_elsewhere_to_a_rows_priority_and_title_shows_without_a_reload()
    {
        var now = DateTimeOffset.UtcNow;
        var tickets = Enumerable.Range(1, 2).Select(i => ListTickets.Make($"IT-40010{i}", $"Laptop fan {i}", TicketStatus.Open, TicketPriority.Medium, now.AddHours(-i))).ToArray();
        await e2e.App.ReplaceTicketsAsync(tickets);
        var page = await e2e.SignedInPageAsync();
        var list = new TicketListPage(page);
        await page.GotoAsync("/Tickets");
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        await Expect(list.Row("IT-400102").Locator(".c-priority")).ToHaveTextAsync("Medium");

        // Only the priority and the title change elsewhere: no status, assignment or comment to tell of.
        var changed = tickets[1];
        changed.Priority = TicketPriority.Critical;
        changed.Title = "Laptop fan grinding";
        changed.UpdatedAt = DateTimeOffset.UtcNow;
        await StoreAsync(changed);

        await Expect(list.Row("IT-400102").Locator(".c-priority")).ToHaveTextAsync("Critical");
        await Expect(list.Row("IT-400102").Locator(".c-title")).ToContainTextAsync("Laptop fan grinding");
        await Expect(list.Row("IT-400101").Locator(".c-priority")).ToHaveTextAsync("Medium");
    }

    [Fact]
    public async Task Selected_tickets_on_two_pages_are_followed_and_unfollowed_in_bulk_without_asking_the_remote()
    {
        var now = DateTimeOffset.UtcNow;
        var tickets = Enumerable.Range(1, 27).Select(i => ListTickets.Make($"IT-5000{i:D2}", $"Laptop battery {i}", TicketStatus.Open, TicketPriority.Medium, now.AddMinutes(-i))).ToArray();
        await e2e.App.ReplaceTicketsAsync(tickets);
        var adminId = (await e2e.App.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", TestUser.Admin.Email!))!;
        var page = await e2e.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        var list = new TicketListPage(page);
        var bulk = new TicketBulkPage(page);
        await page.GotoAsync("/Tickets?sort=updated&dir=desc");
        await Expect(list.Rows).ToHaveCountAsync(25);

        await bulk.Select("IT-500001").CheckAsync();
        await bulk.Select("IT-500002").CheckAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(list.Rows).ToHaveCountAsync(2);
        await bulk.Select("IT-500027").CheckAsync();
        await Expect(bulk.SelectionCount).ToHaveTextAsync("3 tickets selected (2 on other pages)");

        // Championship IT is down: following is the dashboard's own, so it is not queued.
        e2e.App.Simulator.Faults.Current = new FaultSettings { Down = true };
        try
        {
            await bulk.Follow.SelectOptionAsync(new SelectOptionValue { Label = "Follow" });
            await bulk.Apply.ClickAsync();
            await Expect(bulk.Result).ToContainTextAsync("3 of 3 tickets changed.");
        }
        finally
        {
            e2e.App.Simulator.Faults.Current = FaultSettings.None;
        }

        (await FollowedAsync(adminId)).ShouldBe(["IT-500001", "IT-500002", "IT-500027"]);
        await Expect(list.RowNote("IT-500027")).ToHaveTextAsync("Changed.");
        await Expect(bulk.SelectionCount).ToHaveTextAsync("No tickets selected");

        var details = await page.Context.NewPageAsync();
        await details.GotoAsync($"/Tickets/Details/{tickets[0].Id}");
        await Expect(details.GetByTestId("follow-state")).ToHaveTextAsync("Following");
        await details.CloseAsync();

        // Stopping: only the one selected; following it again where already followed changes nothing.
        await bulk.Select("IT-500027").CheckAsync();
        await bulk.Follow.SelectOptionAsync(new SelectOptionValue { Label = "Stop following" });
        await bulk.Apply.ClickAsync();
        await Expect(bulk.Result).ToContainTextAsync("1 of 1 tickets changed.");
        (await FollowedAsync(adminId)).ShouldBe(["IT-500001", "IT-500002"]);
        (await e2e.App.ScalarAsync<long>("SELECT count(*) FROM ticket_followers WHERE user_id = $1 AND NOT following", adminId)).ShouldBe(1);
    }

    private async Task<IReadOnlyList<string>> FollowedAsync(string userId)
    {
        var numbers = await e2e.App.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(t.ticket_number ORDER BY t.ticket_number), '{}') FROM ticket_followers f JOIN tickets_cache t ON t.id = f.ticket_id WHERE f.user_id = $1 AND f.following",
            userId);
        return numbers ?? [];
    }

    private async Task ResolveAsync(params Ticket[] tickets)
    {
        foreach (var ticket in tickets)
        {
            ticket.Status = TicketStatus.Resolved;
            ticket.ResolvedAt = DateTimeOffset.UtcNow;
            ticket.UpdatedAt = DateTimeOffset.UtcNow;
        }

        await StoreAsync(tickets);
    }

    /// <summary>The tickets as changed elsewhere, stored the way a webhook stores them.</summary>
    private async Task StoreAsync(params Ticket[] tickets)
    {
        await using var scope = e2e.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync(tickets, ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, Ct);
    }
}
