using Microsoft.Playwright;
using Npgsql;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>Projects of the dashboard's own, and tickets linked to them from either side.</summary>
public sealed class ProjectLinkTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_ticket_linked_from_its_page_shows_on_the_project_page_and_unlinks()
    {
        var token = Guid.NewGuid().ToString("N")[..6];
        var projectName = $"Core switch upgrade {token}";
        var ticket = Make("E2E-P01", "Switch in rack 3 is down");
        var laterDeleted = Make("E2E-P02", "Patch panel labels");
        var deleted = Make("E2E-P03", "Old UPS alarm", deleted: true);
        await e2e.App.ReplaceTicketsAsync(ticket, laterDeleted, deleted);
        var page = await e2e.SignedInPageAsync();

        // A new project, refused once for its dates.
        var form = new ProjectFormPage(page);
        await form.NavLink.ClickAsync();
        await form.NewProject.ClickAsync();
        await form.Name.FillAsync(projectName);
        await form.Description.FillAsync("Replace the core switches in both server rooms.");
        await form.Status.SelectOptionAsync(new SelectOptionValue { Label = "Active" });
        await form.Owner.SelectOptionAsync(new SelectOptionValue { Label = "Administrator" });
        await form.StartDate.FillAsync("2027-03-10");
        await form.EndDate.FillAsync("2027-03-01");
        await form.Create.ClickAsync();
        await Expect(page.GetByText("The end date cannot be before the start date.")).ToBeVisibleAsync();
        await Expect(form.Name).ToHaveValueAsync(projectName);
        await form.EndDate.FillAsync("2027-06-30");
        await form.Create.ClickAsync();

        var project = new ProjectDetailsPage(page);
        await Expect(project.Heading).ToHaveTextAsync(projectName);
        await Expect(project.Message).ToHaveTextAsync("Project created.");
        await Expect(project.NoLinkedTickets).ToBeVisibleAsync();
        var projectUrl = page.Url;

        // From the ticket's page: link it to the project.
        await page.GotoAsync($"/Tickets/Details/{ticket.Id}");
        var section = new ProjectLinksSection(page);
        await Expect(section.Section).ToContainTextAsync("Not linked to any project or assignment.");
        await section.LinkToProjectAsync($"{projectName} (Active)", "Blocking");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/Tickets/Details/{ticket.Id}$"));
        await Expect(section.Message).ToHaveTextAsync("Linked to the project.");
        await Expect(section.Linked(projectName)).ToContainTextAsync("Blocking");

        // On the project's page: the ticket, its status and the link type.
        await section.Linked(projectName).GetByRole(AriaRole.Link, new() { Name = projectName }).ClickAsync();
        await Expect(project.Heading).ToHaveTextAsync(projectName);
        await Expect(project.Row("E2E-P01")).ToContainTextAsync("Switch in rack 3 is down");
        await Expect(project.Row("E2E-P01")).ToContainTextAsync("Open");
        await Expect(project.Row("E2E-P01")).ToContainTextAsync("Blocking");

        // The same pair again, and a deleted ticket, are refused with a message.
        await project.LinkAsync("E2E-P01", "Related");
        await Expect(project.LinkErrors).ToHaveTextAsync("E2E-P01 is already linked to this project.");
        await project.LinkAsync("E2E-P03", "Related");
        await Expect(project.TicketNumberError).ToHaveTextAsync("E2E-P03 was deleted at the remote, so it cannot be linked.");

        // A linked ticket the remote deletes later stays listed, marked.
        await project.LinkAsync("e2e-p02", "Depends on");
        await Expect(project.Message).ToHaveTextAsync("Linked E2E-P02.");
        await Expect(project.Row("E2E-P02")).ToContainTextAsync("Depends on");
        await MarkDeletedAsync(laterDeleted.Id);
        await page.ReloadAsync();
        await Expect(project.Row("E2E-P02")).ToContainTextAsync("deleted at the remote");
        await Expect(project.Row("E2E-P02").GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Expect(project.Row("E2E-P01")).Not.ToContainTextAsync("deleted at the remote");

        // Unlink from the project's side, then the ticket's page says so too.
        await project.Unlink("E2E-P01").ClickAsync();
        await Expect(project.Message).ToHaveTextAsync("Ticket unlinked.");
        await Expect(project.Row("E2E-P01")).ToHaveCountAsync(0);
        await Expect(project.Row("E2E-P02")).ToBeVisibleAsync();
        page.Url.ShouldBe(projectUrl);

        await page.GotoAsync($"/Tickets/Details/{ticket.Id}");
        await Expect(section.Section).ToContainTextAsync("Not linked to any project or assignment.");
    }

    [Fact]
    public async Task Links_made_from_the_ticket_side_unlink_there_too_and_reach_assignments()
    {
        var ticket = Make("E2E-P11", "Wi-Fi weak in meeting room");
        await e2e.App.ReplaceTicketsAsync(ticket);
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync($"/Tickets/Details/{ticket.Id}");
        var section = new ProjectLinksSection(page);

        // Seeded in demo mode (Ticketing:Seed:Demo).
        await section.LinkToProjectAsync("Network refresh 2027 (Active)", "Related");
        await Expect(section.Linked("Network refresh 2027")).ToContainTextAsync("Related");

        await section.Linked("Network refresh 2027").GetByRole(AriaRole.Button, new() { Name = "Unlink from Network refresh 2027" }).ClickAsync();

        await Expect(section.Message).ToHaveTextAsync("Unlinked from the project.");
        await Expect(section.Section).ToContainTextAsync("Not linked to any project or assignment.");
        await Expect(section.Project.GetByRole(AriaRole.Option, new() { Name = "Network refresh 2027 (Active)" })).ToHaveCountAsync(1);

        // The full form (where a refused link from the ticket's page is shown) for an assignment.
        await page.GotoAsync($"/Projects/LinkTicket/{ticket.Id}?kind=Assignment");
        var full = page.GetByRole(AriaRole.Form, new() { Name = "Link E2E-P11 to an assignment" });
        await full.GetByRole(AriaRole.Button, new() { Name = "Link to assignment" }).ClickAsync();
        await Expect(full.GetByText("Choose an assignment.")).ToBeVisibleAsync();
        await full.GetByLabel("Assignment").SelectOptionAsync(new SelectOptionValue { Label = "Order core switches (Done)" });
        await full.GetByLabel("Link type").SelectOptionAsync(new SelectOptionValue { Label = "Depends on" });
        await full.GetByRole(AriaRole.Button, new() { Name = "Link to assignment" }).ClickAsync();

        await Expect(section.Message).ToHaveTextAsync("Linked to the assignment.");
        await Expect(section.Linked("Order core switches")).ToContainTextAsync("Assignment:");
        await Expect(section.Linked("Order core switches")).ToContainTextAsync("Depends on");
    }

    private async Task MarkDeletedAsync(Guid ticketId)
    {
        await using var connection = new NpgsqlConnection(e2e.App.Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("UPDATE tickets_cache SET deleted_at = now() WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", ticketId);
        (await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    private static Ticket Make(string number, string title, bool deleted = false) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = "tkt_" + number,
        TicketNumber = number,
        Title = title,
        Description = "Reported by a test.",
        Status = TicketStatus.Open,
        Priority = TicketPriority.High,
        Category = "Network",
        Department = "IT Operations",
        RequesterName = "Dana Ruiz",
        CreatedAt = DateTimeOffset.UtcNow.AddDays(-2),
        UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1),
        LastSyncedAt = DateTimeOffset.UtcNow,
        DeletedAt = deleted ? DateTimeOffset.UtcNow.AddHours(-1) : null,
    };
}
