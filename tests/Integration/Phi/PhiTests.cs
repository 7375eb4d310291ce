using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Channels.Commands.SaveChatChannel;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Admin.Phi.Commands.ChangePhiRule;
using Ticketing.Application.Admin.Phi.Commands.SetPhiAccess;
using Ticketing.Application.Admin.Phi.Queries.GetPhiSettings;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Queries.GetInbox;
using Ticketing.Application.Phi;
using Ticketing.Application.Phi.Commands.BreakGlass;
using Ticketing.Application.Phi.Commands.ReclassifyPhi;
using Ticketing.Application.Phi.Queries.GetTicketPhiAccess;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.ExportTickets;
using Ticketing.Application.Tickets.Queries.GetTicketDetails;
using Ticketing.Application.Tickets.Queries.GetTicketWorkspace;
using Ticketing.Application.Tickets.Queries.GetTickets;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Phi;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Channels;

namespace Ticketing.IntegrationTests.Phi;

/// <summary>
/// PHI classification, masking, break-glass and audit against real PostgreSQL and the app's pipeline
/// (docs/security.md, "Protected health information"). Each test has its own app: the rules are global.
/// </summary>
public sealed class PhiTests
{
    private const string Secret = "zebrafinch";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TestUser Alex => TestUser.Staff;

    [Fact]
    public async Task A_full_sync_flags_the_tickets_a_category_rule_matches_and_names_the_rule()
    {
        await using var app = await StartAsync("phi-sync");
        await app.SendAsync(new AddPhiRuleCommand("Security incidents", PhiRuleKind.Category, null, "security"), TestUser.Admin);

        var result = await app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));

        result.ShouldNotBeNull();
        var expected = await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE lower(category) = 'security'");
        expected.ShouldBeGreaterThan(0, "the simulator's tickets include the Security category");
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_phi")).ShouldBe(expected);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_phi p JOIN tickets_cache t ON t.id = p.ticket_id WHERE lower(t.category) <> 'security' OR p.rule_name <> 'Security incidents'")).ShouldBe(0);
    }

    [Fact]
    public async Task Each_write_into_the_mirror_classifies_the_ticket_again()
    {
        await using var app = await StartAsync("phi-write");
        await app.SendAsync(new AddPhiRuleCommand("Diagnoses", PhiRuleKind.Pattern, null, @"diagnos(is|ed)"), TestUser.Admin);
        await app.SendAsync(new AddPhiRuleCommand("Oncology tag", PhiRuleKind.Tag, null, "Oncology"), TestUser.Admin);
        await app.SendAsync(new AddPhiRuleCommand("Patient flag", PhiRuleKind.CustomField, "patient", "yes"), TestUser.Admin);
        await app.SendAsync(new AddPhiRuleCommand("Clinic", PhiRuleKind.Department, null, "Clinic"), TestUser.Admin);
        var plain = TicketFactory.Create(title: "Printer jammed");
        var tagged = TicketFactory.Create(title: "Laptop slow");
        tagged.Tags = ["ONCOLOGY"];
        var field = TicketFactory.Create(title: "Badge broken");
        field.CustomFieldsJson = """{"patient": "Yes"}""";
        var department = TicketFactory.Create(title: "Monitor");
        department.Department = "clinic";
        await UpsertAsync(app, plain, tagged, field, department);

        (await RuleOfAsync(app, plain)).ShouldBeNull();
        (await RuleOfAsync(app, tagged)).ShouldBe("Oncology tag");
        (await RuleOfAsync(app, field)).ShouldBe("Patient flag");
        (await RuleOfAsync(app, department)).ShouldBe("Clinic");

        plain.Description = "Patient was DIAGNOSED last week; printer in the ward jammed.";
        plain.UpdatedAt = plain.UpdatedAt.AddMinutes(5);
        await UpsertAsync(app, plain);
        (await RuleOfAsync(app, plain)).ShouldBe("Diagnoses");

        plain.Description = "Printer jammed again.";
        plain.UpdatedAt = plain.UpdatedAt.AddMinutes(5);
        await UpsertAsync(app, plain);
        (await RuleOfAsync(app, plain)).ShouldBeNull();
    }

    [Fact]
    public async Task A_rule_change_reclassifies_every_ticket_in_resumable_batches_with_progress()
    {
        await using var app = await StartAsync("phi-reclassify");
        var tickets = Enumerable.Range(0, 5).Select(i => TicketFactory.Create(title: i % 2 == 0 ? $"MRN 12345{i}7 lab results" : $"Keyboard {i}")).ToArray();
        await app.ReplaceTicketsAsync(tickets);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_phi")).ShouldBe(0);

        await app.SendAsync(new AddPhiRuleCommand("Medical record numbers", PhiRuleKind.Pattern, null, @"MRN[: ]*[0-9]{6,}"), TestUser.Admin);
        var asked = (await app.SendAsync(new GetPhiSettingsQuery(), TestUser.Admin)).Progress;
        asked.Running.ShouldBeTrue();
        asked.Total.ShouldBe(5);
        asked.Processed.ShouldBe(0);

        var first = await app.InScopeAsync(sp => sp.GetRequiredService<IPhiRuleStore>().ReclassifyBatchAsync(2, Ct));
        first.Running.ShouldBeTrue();
        first.Processed.ShouldBe(2);
        first.Percent.ShouldBe(40);

        // The command goes on from the saved cursor (resumable), as the job does every minute.
        var done = await app.SendAsync(new ReclassifyPhiCommand(BatchSize: 2));
        done.Running.ShouldBeFalse();
        done.Processed.ShouldBe(5);
        done.Flagged.ShouldBe(3);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_phi p JOIN tickets_cache t ON t.id = p.ticket_id WHERE t.title LIKE 'MRN%'")).ShouldBe(3);

        // Deleting the rule keeps the flags (masked meanwhile) until the re-classification clears them.
        var ruleId = (await app.SendAsync(new GetPhiSettingsQuery(), TestUser.Admin)).Rules.Single().Id;
        await app.SendAsync(new ChangePhiRuleCommand(ruleId, PhiRuleChange.Delete), TestUser.Admin);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_phi")).ShouldBe(3);
        (await app.SendAsync(new ReclassifyPhiCommand())).Flagged.ShouldBe(0);
    }

    [Fact]
    public async Task A_pattern_that_could_backtrack_or_that_PostgreSQL_refuses_is_not_saved()
    {
        await using var app = await StartAsync("phi-pattern");

        var backReference = await Should.ThrowAsync<ValidationException>(() => app.SendAsync(new AddPhiRuleCommand("Repeat", PhiRuleKind.Pattern, null, @"(a+)\1"), TestUser.Admin));
        backReference.Errors.ShouldContainKey("Value");
        var broken = await Should.ThrowAsync<ValidationException>(() => app.SendAsync(new AddPhiRuleCommand("Broken", PhiRuleKind.Pattern, null, "(unclosed"), TestUser.Admin));
        broken.Errors.ShouldContainKey("Value");
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(new AddPhiRuleCommand("Staff rule", PhiRuleKind.Tag, null, "x"), Alex));
        (await app.ScalarAsync<long>("SELECT count(*) FROM phi_rules")).ShouldBe(0);
    }

    [Fact]
    public async Task Staff_without_PHI_access_see_only_number_status_priority_assignee_and_dates_in_the_list_and_the_export()
    {
        await using var app = await StartAsync("phi-list");
        var (phi, plain) = await SeedAsync(app);

        var page = await app.SendAsync(new GetTicketsQuery(TicketFilter.None, TicketSort.Default, PageRequest.Default), Alex);

        var masked = page.Items.Single(i => i.Id == phi.Id);
        masked.Masked.ShouldBeTrue();
        masked.Title.ShouldBe(PhiMask.Text);
        masked.RequesterName.ShouldBeNull();
        masked.Category.ShouldBeNull();
        masked.Department.ShouldBeNull();
        masked.TicketNumber.ShouldBe(phi.TicketNumber);
        masked.Status.ShouldBe(phi.Status);
        masked.Priority.ShouldBe(phi.Priority);
        masked.AssigneeName.ShouldBe(phi.AssigneeName);
        masked.CreatedAt.ShouldBe(phi.CreatedAt);
        page.Items.Single(i => i.Id == plain.Id).Title.ShouldBe(plain.Title);

        var exported = await ExportAsync(app, TicketFilter.None, Alex);
        exported.Single(i => i.Id == phi.Id).Title.ShouldBe(PhiMask.Text);
        exported.Single(i => i.Id == plain.Id).Title.ShouldBe(plain.Title);

        // With the permission the same reads are whole.
        await app.SendAsync(new SetPhiAccessCommand(await StaffIdAsync(app), HasAccess: true), TestUser.Admin);
        var whole = await app.SendAsync(new GetTicketsQuery(TicketFilter.None, TicketSort.Default, PageRequest.Default), Alex);
        whole.Items.Single(i => i.Id == phi.Id).Title.ShouldBe(phi.Title);
        (await ExportAsync(app, TicketFilter.None, Alex)).Single(i => i.Id == phi.Id).Title.ShouldBe(phi.Title);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'user.phi_access_grant'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_search_never_matches_PHI_text_for_staff_without_access_neither_in_rows_nor_in_the_count()
    {
        await using var app = await StartAsync("phi-search");
        var (phi, _) = await SeedAsync(app);
        var bySecret = TicketFilter.None with { Search = Secret };

        var hidden = await app.SendAsync(new GetTicketsQuery(bySecret, TicketSort.Default, PageRequest.Default), Alex);
        hidden.Items.ShouldBeEmpty();
        hidden.Total.ShouldBe(0);
        (await ExportAsync(app, bySecret, Alex)).ShouldBeEmpty();

        // The number is not masked: a search by it finds the ticket, masked.
        var byNumber = await app.SendAsync(new GetTicketsQuery(TicketFilter.None with { Search = phi.TicketNumber }, TicketSort.Default, PageRequest.Default), Alex);
        byNumber.Items.Single().Title.ShouldBe(PhiMask.Text);

        var admin = await app.SendAsync(new GetTicketsQuery(bySecret, TicketSort.Default, PageRequest.Default), TestUser.Admin);
        admin.Total.ShouldBe(0, "admins do not hold PHI access by being admins");
        await app.SendAsync(new SetPhiAccessCommand(await StaffIdAsync(app), HasAccess: true), TestUser.Admin);
        var allowed = await app.SendAsync(new GetTicketsQuery(bySecret, TicketSort.Default, PageRequest.Default), Alex);
        allowed.Total.ShouldBe(1);
        allowed.Items.Single().Id.ShouldBe(phi.Id);
    }

    [Fact]
    public async Task Reads_that_touch_PHI_tickets_write_one_audit_entry_each_naming_the_tickets()
    {
        await using var app = await StartAsync("phi-audit");
        var (phi, plain) = await SeedAsync(app);
        await app.SendAsync(new SetPhiAccessCommand(await StaffIdAsync(app), HasAccess: true), TestUser.Admin);

        await app.SendAsync(new GetTicketsQuery(TicketFilter.None, TicketSort.Default, PageRequest.Default), Alex);
        await app.SendAsync(new GetTicketsQuery(TicketFilter.None with { Search = Secret }, TicketSort.Default, PageRequest.Default), Alex);
        await ExportAsync(app, TicketFilter.None, Alex);
        await app.SendAsync(new GetTicketDetailsQuery(phi.Id), Alex);
        await app.SendAsync(new GetTicketDetailsQuery(plain.Id), Alex);

        foreach (var action in new[] { "ticket.list", "ticket.search", "ticket.export", "ticket.view" })
        {
            var ids = await app.ScalarAsync<string[]>("SELECT ticket_ids FROM audit_log WHERE action = $1 AND user_id IS NOT NULL", action);
            ids.ShouldBe([phi.TicketNumber], action);
        }

        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.view'")).ShouldBe(1, "a ticket without PHI is not a PHI read");
        var reference = await app.ScalarAsync<string>("SELECT details->>'reference' FROM audit_log WHERE action = 'ticket.search'");
        reference.ShouldNotBeNull().ShouldContain(Secret);
    }

    [Fact]
    public async Task Break_glass_needs_a_reason_opens_one_ticket_for_30_minutes_and_is_audited_with_the_reason()
    {
        await using var app = await StartAsync("phi-glass");
        var (phi, _) = await SeedAsync(app);
        var other = TicketFactory.Create(title: "Second ward laptop");
        other.Description = "Diagnosis pending for the patient in bed 4.";
        await UpsertAsync(app, other);
        var otherId = await app.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE ticket_number = $1", other.TicketNumber);
        (await RuleOfAsync(app, other)).ShouldBe("Diagnoses");

        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(new GetTicketWorkspaceQuery(phi.Id), Alex));
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(new GetTicketDetailsQuery(phi.Id), Alex));
        var restricted = await app.SendAsync(new GetTicketPhiAccessQuery(phi.Id), Alex);
        restricted.Access.ShouldBe(new TicketPhiAccess(IsPhi: true, Allowed: false, null, null));
        restricted.TicketNumber.ShouldBe(phi.TicketNumber);

        var noReason = await Should.ThrowAsync<ValidationException>(() => app.SendAsync(new BreakGlassCommand(phi.Id, "   "), Alex));
        noReason.Errors.ShouldContainKey("Reason");
        (await app.ScalarAsync<long>("SELECT count(*) FROM phi_break_glass")).ShouldBe(0);

        var until = await app.SendAsync(new BreakGlassCommand(phi.Id, "Requester called: urgent access to ward laptop"), Alex);

        (until - DateTimeOffset.UtcNow).ShouldBeInRange(TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        var workspace = await app.SendAsync(new GetTicketWorkspaceQuery(phi.Id), Alex);
        workspace.Details.Ticket.Title.ShouldBe(phi.Title);
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(new GetTicketWorkspaceQuery(otherId), Alex));
        (await app.ScalarAsync<string>("SELECT details->'details'->>'reason' FROM audit_log WHERE action = 'ticket.break_glass' AND $1 = ANY(ticket_ids)", phi.TicketNumber))
            .ShouldBe("Requester called: urgent access to ward laptop");
        (await app.ScalarAsync<string>("SELECT details->'details'->>'break_glass_until' FROM audit_log WHERE action = 'ticket.view'")).ShouldNotBeNull();

        // The grant ends after 30 minutes.
        await app.ExecuteAsync("UPDATE phi_break_glass SET expires_at = now() - interval '1 second'");
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(new GetTicketWorkspaceQuery(phi.Id), Alex));
    }

    [Fact]
    public async Task Each_break_glass_notifies_every_admin_once_with_the_user_number_and_reason_but_never_the_ticket_text()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "phi-glass-notice", MailServer = true });
        var (phi, _) = await SeedAsync(app);
        var team = await app.SendAsync(
            new SaveChatChannelCommand(null, "#everything", ChatFormat.Slack, new Uri(app.Simulator.BaseUrl, "/_sim/chat/everything").ToString(), true, [], [], null),
            TestUser.Admin);
        const string reason = "Requester phoned: the ward laptop is needed for rounds";

        await app.SendAsync(new BreakGlassCommand(phi.Id, reason), Alex);

        // The admin holds no PHI access: the notice is whole (user, number, reason), the ticket's text is not in it.
        var inbox = await app.SendAsync(new GetInboxQuery(UnreadOnly: false, Type: NotificationType.PhiBreakGlass), TestUser.Admin);
        var notice = inbox.Items.ShouldHaveSingleItem();
        notice.TicketId.ShouldBe(phi.Id);
        notice.TicketNumber.ShouldBe(phi.TicketNumber);
        notice.Title.ShouldContain("Alex");
        notice.Title.ShouldContain(phi.TicketNumber);
        notice.Message.ShouldContain(reason);
        notice.Message.ShouldNotContain(Secret);
        notice.Title.ShouldNotContain(Secret);

        // The user who broke the glass is told nothing: it is not their notice.
        (await app.SendAsync(new GetInboxQuery(UnreadOnly: false, Type: NotificationType.PhiBreakGlass), Alex)).Items.ShouldBeEmpty();

        // By e-mail through the usual fan-out, masked the same way; team channels never carry it.
        var mail = (await EmailChannelTests.WaitForMailAsync(app, TestUser.Admin.Email!, 1)).ShouldHaveSingleItem();
        var body = mail.TextBody.ShouldNotBeNull();
        body.ShouldContain(reason);
        body.ShouldContain(phi.TicketNumber);
        body.ShouldNotContain(Secret);
        mail.Subject.ShouldNotBeNull().ShouldNotContain(Secret);
        (await app.ScalarAsync<long>("SELECT count(*) FROM chat_posts WHERE target_key = $1", $"channel:{team:N}")).ShouldBe(0);

        // One notice per break-glass.
        await app.SendAsync(new BreakGlassCommand(phi.Id, reason + " again"), Alex);
        var admins = await app.ScalarAsync<long>("SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = 'Admin'");
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications WHERE notification_type = 'phi_break_glass'")).ShouldBe(2 * admins);
        (await app.SendAsync(new GetInboxQuery(UnreadOnly: false, Type: NotificationType.PhiBreakGlass), TestUser.Admin)).Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Notifications_of_a_PHI_ticket_are_masked_in_the_inbox_e_mail_and_chat_for_readers_without_access()
    {
        await using var app = await StartAsync("phi-notify");
        var (phi, plain) = await SeedAsync(app);
        var staffId = await StaffIdAsync(app);
        await app.InScopeAsync(async sp =>
        {
            var notifications = sp.GetRequiredService<INotificationRepository>();
            await notifications.AddAsync(new DirectNotification(staffId, phi.Id, NotificationType.StatusChange, $"{phi.TicketNumber}: status → Resolved", phi.Title, "phi-1"), Ct);
            await notifications.AddAsync(new DirectNotification(staffId, plain.Id, NotificationType.StatusChange, $"{plain.TicketNumber}: status → Resolved", plain.Title, "plain-1"), Ct);
        });

        var inbox = await app.SendAsync(new GetInboxQuery(UnreadOnly: false, Type: null), Alex);
        inbox.Items.Single(i => i.TicketId == phi.Id).Message.ShouldBe(PhiMask.Text);
        inbox.Items.Single(i => i.TicketId == plain.Id).Message.ShouldBe(plain.Title);

        var notified = new NotifiedTicket(phi.Id, phi.ExternalTicketId, phi.TicketNumber, phi.Title, phi.Status, phi.Priority, phi.Department, phi.AssigneeName, phi.RequesterEmail, phi.DueDate, phi.UpdatedAt);
        var disclose = (ChannelAudience audience) => app.InScopeAsync(sp => sp.GetRequiredService<ITicketDisclosure>().DiscloseAsync(audience, notified, $"{phi.TicketNumber}: status → Resolved", phi.Title, Ct).AsTask());
        var toStaff = await disclose(new ChannelAudience.User(staffId));
        toStaff.Masked.ShouldBeTrue();
        toStaff.TicketTitle.ShouldBe(PhiMask.Text);
        toStaff.Message.ShouldNotContain(Secret);
        toStaff.Title.ShouldBe($"{phi.TicketNumber}: status → Resolved");

        await app.SendAsync(new SetPhiAccessCommand(staffId, HasAccess: true), TestUser.Admin);
        (await disclose(new ChannelAudience.User(staffId))).TicketTitle.ShouldBe(phi.Title);
        (await disclose(new ChannelAudience.TeamChannel(Guid.NewGuid()))).Masked.ShouldBeTrue("team channels never see PHI");
        (await app.SendAsync(new GetInboxQuery(UnreadOnly: false, Type: null), Alex)).Items.Single(i => i.TicketId == phi.Id).Message.ShouldBe(phi.Title);
    }

    [Fact]
    public async Task Over_HTTP_the_list_page_the_CSV_export_and_the_ticket_page_never_show_PHI_text_to_staff_without_access()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "phi-http" });
        var (phi, plain) = await SeedAsync(app);
        using var staff = await app.SignedInAsync(Alex);

        var list = await staff.GetHtmlAsync("/Tickets");
        list.ShouldContain(phi.TicketNumber);
        list.ShouldContain(plain.Title);
        list.ShouldNotContain(Secret);
        list.ShouldNotContain("Ward 7");

        using var csv = await staff.GetAsync("/Tickets/Export");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await csv.Content.ReadAsStringAsync(Ct);
        text.ShouldContain(phi.TicketNumber);
        text.ShouldNotContain(Secret);
        text.ShouldNotContain("Ward 7");

        using var details = await staff.GetAsync($"/Tickets/Details/{phi.Id}");
        details.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        details.Headers.Location!.OriginalString.ShouldBe($"/Tickets/Restricted/{phi.Id}");
        var restricted = await staff.GetHtmlAsync($"/Tickets/Restricted/{phi.Id}");
        restricted.ShouldContain(phi.TicketNumber);
        restricted.ShouldNotContain(Secret);

        using var refused = await staff.PostFormAsync($"/Tickets/Restricted/{phi.Id}", new Dictionary<string, string> { ["Reason"] = "short" });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("Say why you need this ticket");
        using var opened = await staff.PostFormAsync($"/Tickets/Restricted/{phi.Id}", new Dictionary<string, string> { ["Reason"] = "On call for the ward's outage" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await staff.GetHtmlAsync($"/Tickets/Details/{phi.Id}")).ShouldContain(Secret);

        using var admin = await app.SignedInAsync(TestUser.Admin);
        var settings = await admin.GetHtmlAsync("/Admin/Phi");
        settings.ShouldContain("Diagnoses");
        settings.ShouldContain("Grant PHI access to");
        using var forbidden = await staff.GetAsync("/Admin/Phi");
        forbidden.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    private static Task<TestApp> StartAsync(string purpose) =>
        TestApp.StartAsync(new() { Purpose = purpose, Hosting = AppHosting.Composed });

    /// <summary>A rule and two tickets: one whose description holds the secret word and a diagnosis, one plain.</summary>
    private static async Task<(Ticket Phi, Ticket Plain)> SeedAsync(TestApp app)
    {
        await app.SendAsync(new AddPhiRuleCommand("Diagnoses", PhiRuleKind.Pattern, null, "diagnosis"), TestUser.Admin);
        var phi = TicketFactory.Create(title: $"Ward 7 {Secret} laptop");
        phi.Description = $"Diagnosis: {Secret} syndrome; the laptop in Ward 7 will not boot.";
        phi.AssigneeId = "agt_2";
        phi.AssigneeName = "Sam Ito";
        var plain = TicketFactory.Create(title: "Printer jammed on floor 3");
        await app.ReplaceTicketsAsync(phi, plain);
        (await RuleOfAsync(app, phi)).ShouldBe("Diagnoses");
        return (phi, plain);
    }

    private static async Task UpsertAsync(TestApp app, params Ticket[] tickets) =>
        await app.InScopeAsync(sp => sp.GetRequiredService<ITicketRepository>().UpsertManyAsync(tickets, ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, Ct));

    private static Task<string?> RuleOfAsync(TestApp app, Ticket ticket) =>
        app.ScalarAsync<string>("SELECT p.rule_name FROM ticket_phi p JOIN tickets_cache t ON t.id = p.ticket_id WHERE t.ticket_number = $1", ticket.TicketNumber);

    private static async Task<string> StaffIdAsync(TestApp app) =>
        (await app.ScalarAsync<string>("SELECT id FROM users WHERE normalized_email = upper($1)", Alex.Email!)).ShouldNotBeNull();

    private static Task<List<TicketListItem>> ExportAsync(TestApp app, TicketFilter filter, TestUser user) =>
        app.InScopeAsync(async sp =>
        {
            var rows = new List<TicketListItem>();
            await foreach (var row in sp.GetRequiredService<ISender>().CreateStream(new ExportTicketsQuery(filter, TicketSort.Default), Ct))
            {
                rows.Add(row);
            }

            return rows;
        }, user);
}
