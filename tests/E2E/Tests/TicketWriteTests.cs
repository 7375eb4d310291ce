using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using Ticketing.Simulator.Tickets;
using static Microsoft.Playwright.Assertions;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;
using Ticket = Ticketing.Domain.Tickets.Ticket;

namespace Ticketing.E2ETests.Tests;

/// <summary>Creating and changing tickets through the app, with the in-process simulator as Championship IT.</summary>
public sealed class TicketWriteTests(E2EFixture e2e)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_with_an_empty_title_shows_the_error_on_the_field_and_sends_nothing()
    {
        var page = await e2e.SignedInPageAsync();
        var requestsBefore = e2e.App.Simulator.Counters.CreateRequests;
        await page.GotoAsync("/Tickets");
        var form = new TicketCreatePage(page);
        await form.OpenFromList.ClickAsync();
        await Expect(form.Heading).ToBeVisibleAsync();

        await form.Priority.SelectOptionAsync(new SelectOptionValue { Label = "High" });
        await form.Submit.ClickAsync();

        await Expect(form.ErrorSummary).ToBeVisibleAsync();
        await Expect(form.ErrorSummary).ToBeFocusedAsync();
        await Expect(form.ErrorSummary.GetByRole(AriaRole.Link, new() { Name = "Enter a title." })).ToBeVisibleAsync();
        await Expect(form.Title).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Title).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Enter a title\\."));
        await Expect(form.Priority).ToHaveValueAsync("High");
        (await form.Description.EvaluateAsync<bool>("e => e.hasAttribute('aria-invalid')")).ShouldBeFalse("fields without errors are not marked");
        e2e.App.Simulator.Counters.CreateRequests.ShouldBe(requestsBefore);
    }

    [Fact]
    public async Task A_created_ticket_opens_on_its_page_and_is_in_the_list_and_at_the_remote()
    {
        var token = Token();
        var title = $"Projector in room 4 flickers {token}";
        var page = await e2e.SignedInPageAsync();
        var form = new TicketCreatePage(page);
        await form.GotoAsync();

        await form.Title.FillAsync(title);
        await form.Description.FillAsync("It flickers every few seconds during presentations.");
        await form.Priority.SelectOptionAsync(new SelectOptionValue { Label = "High" });
        await form.Category.FillAsync("Hardware");
        // Lisbon is an hour ahead of UTC in July: the remote gets 09:00Z.
        await form.DueDate.FillAsync("2030-07-15T10:00");
        await form.Tags.FillAsync("projector, room-4");
        await form.Submit.ClickAsync();

        var details = new TicketDetailsPage(page);
        await Expect(details.Heading).ToContainTextAsync(title);
        await Expect(details.StatusMessage).ToContainTextAsync("created in Championship IT");
        var remote = e2e.App.Simulator.Store.Snapshot().Where(t => t.Title == title).ShouldHaveSingleItem();
        remote.Priority.ShouldBe(SimPriority.High);
        remote.Tags.ShouldBe(["projector", "room-4"]);
        remote.DueDate.ShouldBe(new DateTime(2030, 7, 15, 9, 0, 0, DateTimeKind.Utc));
        await Expect(details.Heading).ToContainTextAsync(remote.TicketNumber);

        await page.GotoAsync($"/Tickets?q={token}");
        var list = new TicketListPage(page);
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–1 of 1 tickets");
        (await list.NumbersAsync()).ShouldBe([remote.TicketNumber]);
    }

    [Fact]
    public async Task A_ticket_filed_while_the_remote_is_down_is_queued_shown_as_pending_and_filed_once_after_recovery()
    {
        var token = Token();
        var title = $"Badge reader dead {token}";
        var page = await e2e.SignedInPageAsync();
        var form = new TicketCreatePage(page);
        await form.GotoAsync();
        await form.Title.FillAsync(title);
        await form.Priority.SelectOptionAsync(new SelectOptionValue { Label = "Urgent" });

        e2e.App.Simulator.Faults.Current = new Ticketing.Simulator.Faults.FaultSettings { Down = true };
        try
        {
            await form.Submit.ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "is queued" })).ToContainTextAsync(title);
            var queued = page.GetByTestId("queued-creates");
            await Expect(queued.GetByRole(AriaRole.Heading, new() { Name = "Waiting for Championship IT" })).ToBeVisibleAsync();
            await Expect(queued).ToContainTextAsync(title);
            await Expect(queued).ToContainTextAsync("Pending");
        }
        finally
        {
            e2e.App.Simulator.Faults.Current = Ticketing.Simulator.Faults.FaultSettings.None;
        }

        // The job delivers every minute; a test does not wait for the clock (the job may also be mid-round: then retry).
        await Eventually.UntilAsync(
            async () =>
            {
                await using var scope = e2e.App.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Mediator.ISender>()
                    .Send(new Ticketing.Application.Tickets.Outbox.DeliverOutbox.DeliverOutboxCommand(), Ct);
                return e2e.App.Simulator.Store.Snapshot().Any(t => t.Title == title);
            },
            "the queued ticket reached the remote");
        e2e.App.Simulator.Store.Snapshot().Where(t => t.Title == title).ShouldHaveSingleItem();
        await page.GotoAsync($"/Tickets?q={token}");
        var list = new TicketListPage(page);
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–1 of 1 tickets");
        await Expect(page.GetByTestId("queued-creates")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Editing_the_status_records_history_and_updates_the_list()
    {
        var token = Token();
        var seeded = (await SeedAsync($"Keyboard missing keys {token}")).Single();
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await page.GotoAsync($"/Tickets/Details/{seeded.Id}");
        await Expect(details.Status).ToHaveValueAsync("Open");

        await details.Status.SelectOptionAsync(new SelectOptionValue { Label = "Resolved" });
        await details.Save.ClickAsync();

        await Expect(details.StatusMessage).ToHaveTextAsync("Saved in Championship IT: status.");
        await Expect(details.Status).ToHaveValueAsync("Resolved");
        await Expect(details.History).ToContainTextAsync("open → resolved");
        await Expect(details.History.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "open → resolved" })).ToContainTextAsync("via app");
        e2e.App.Simulator.Store.Find(seeded.ExternalTicketId)!.Status.ShouldBe(SimStatus.Resolved);

        await page.GotoAsync($"/Tickets?q={token}");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = seeded.TicketNumber })).ToContainTextAsync("Resolved");
    }

    [Fact]
    public async Task A_change_made_at_the_remote_while_the_form_is_open_is_shown_not_overwritten()
    {
        var seeded = (await SeedAsync($"Monitor cable frayed {Token()}")).Single();
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await page.GotoAsync($"/Tickets/Details/{seeded.Id}");
        await Expect(details.Priority).ToHaveValueAsync("Medium");

        e2e.App.Simulator.Store.Update(seeded.ExternalTicketId, new TicketPatch { Priority = Optional<SimPriority>.Of(SimPriority.Urgent) }).ShouldNotBeNull();
        var patchesBefore = e2e.App.Simulator.Counters.PatchRequests;
        await details.Status.SelectOptionAsync(new SelectOptionValue { Label = "On hold" });
        await details.Save.ClickAsync();

        await Expect(details.ErrorSummary).ToContainTextAsync("This ticket changed in Championship IT since you opened it");
        await Expect(details.ErrorSummary).ToBeFocusedAsync();
        await Expect(page.GetByTestId("unsaved-values")).ToContainTextAsync("status: yours On hold; now Open");
        await Expect(details.Priority).ToHaveValueAsync("Urgent");
        await Expect(details.Status).ToHaveValueAsync("Open");
        e2e.App.Simulator.Counters.PatchRequests.ShouldBe(patchesBefore);
        e2e.App.Simulator.Store.Find(seeded.ExternalTicketId)!.Status.ShouldBe(SimStatus.Open);

        // Saving again from the refreshed form goes through.
        await details.Status.SelectOptionAsync(new SelectOptionValue { Label = "On hold" });
        await details.Save.ClickAsync();
        await Expect(details.StatusMessage).ToHaveTextAsync("Saved in Championship IT: status.");
        e2e.App.Simulator.Store.Find(seeded.ExternalTicketId)!.Status.ShouldBe(SimStatus.OnHold);
    }

    [Fact]
    public async Task Bulk_priority_change_of_three_tickets_reaches_the_remote_for_each()
    {
        var token = Token();
        var seeded = await SeedAsync($"Laptop fan noise {token} A", $"Laptop fan noise {token} B", $"Laptop fan noise {token} C");
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync($"/Tickets?q={token}");
        var list = new TicketListPage(page);
        var bulk = new TicketBulkPage(page);
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–3 of 3 tickets");

        await bulk.SelectAll.CheckAsync();
        await Expect(bulk.SelectionCount).ToHaveTextAsync("3 tickets selected.");
        foreach (var ticket in seeded)
        {
            await Expect(bulk.Select(ticket.TicketNumber)).ToBeCheckedAsync();
        }

        await bulk.NewPriority.SelectOptionAsync(new SelectOptionValue { Label = "Critical" });
        await bulk.Apply.ClickAsync();

        await Expect(bulk.ResultHeading).ToBeVisibleAsync();
        await Expect(bulk.Summary).ToHaveTextAsync("3 of 3 tickets updated in Championship IT.");
        foreach (var ticket in seeded)
        {
            e2e.App.Simulator.Store.Find(ticket.ExternalTicketId)!.Priority.ShouldBe(SimPriority.Critical);
        }

        await bulk.BackToList.ClickAsync();
        await Expect(list.ResultCount).ToHaveTextAsync("Showing 1–3 of 3 tickets");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Critical" })).ToHaveCountAsync(3);
    }

    /// <summary>A word no other test's tickets contain, for searching the list.</summary>
    private static string Token() => "w" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Tickets created at the remote and mirrored into the cache, as a sync would, with their cache ids.</summary>
    private async Task<IReadOnlyList<Ticket>> SeedAsync(params string[] titles)
    {
        var created = titles
            .Select(title => e2e.App.Simulator.Store.Create(
                new NewTicketInput(title, "Seeded by an end-to-end test.", SimPriority.Medium, "Hardware", "IT Operations", "Dana Ruiz", null, null, [], "{}"),
                idempotencyKey: null).Ticket)
            .ToList();

        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            var remote = scope.ServiceProvider.GetRequiredService<ITicketingApi>();
            var read = new List<Ticket>();
            foreach (var ticket in created)
            {
                read.Add((await remote.GetTicketAsync(ticket.Id, Ct)).Ticket);
            }

            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync(read, ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: false, Ct);
        }

        var ids = created.Select(t => t.Id).ToList();
        await using var db = e2e.App.Database.CreateDbContext();
        var cached = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.ExternalTicketId)).ToListAsync(Ct);
        return [.. ids.Select(id => cached.Single(t => t.ExternalTicketId == id))];
    }
}
