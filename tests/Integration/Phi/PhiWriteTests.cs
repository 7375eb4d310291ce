using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Admin.Phi.Commands.SetPhiAccess;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Phi;
using Ticketing.Application.Phi.Commands.BreakGlass;
using Ticketing.Application.Phi.Commands.ReclassifyPhi;
using Ticketing.Application.Tickets.Commands.AddComment;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Commands.UploadAttachment;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Domain.Phi;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Faults;

namespace Ticketing.IntegrationTests.Phi;

/// <summary>
/// Writes to PHI tickets (docs/security.md, "Changes to PHI tickets"): refused to staff without PHI access
/// or a live break-glass grant whoever sends them — through the mediator and over HTTP — before anything
/// reaches Championship IT; allowed with either; and every change touching a PHI ticket is audited as
/// <c>ticket.change</c>, naming it by number. Against the simulator and real PostgreSQL.
/// </summary>
public sealed partial class PhiWriteTests
{
    private const string RuleName = "Ward department";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TestUser Alex => TestUser.Staff;

    [Fact]
    public async Task Every_write_kind_is_refused_without_access_and_works_with_break_glass_or_the_permission_and_is_audited()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "phi-writes", Hosting = AppHosting.Composed });
        var (phi, plain, department) = await FlagOneDepartmentAsync(app);
        var otherPriority = phi.Priority == TicketPriority.High ? TicketPriority.Low : TicketPriority.High;
        var requests = app.Simulator.Counters.Requests;

        // Without access: each kind of write is refused before validation and the handler.
        (await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(UpdateTicketCommand.For(phi) with { Priority = otherPriority }, Alex)))
            .Message.ShouldBe(PhiWriteRefusal.Message);
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(Comment(phi.Id, CommentVisibility.Public), Alex));
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(Comment(phi.Id, CommentVisibility.Internal), Alex));
        using (var file = new MemoryStream(Encoding.UTF8.GetBytes("ward notes")))
        {
            await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(new UploadAttachmentCommand(phi.Id, file, "notes.txt", Guid.NewGuid()), Alex));
        }

        // An edit with nothing to change would be a validation error: refused first, it tells nothing of the ticket.
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(UpdateTicketCommand.For(phi), Alex));
        app.Simulator.Counters.Requests.ShouldBe(requests, "nothing reached Championship IT");

        // A bulk edit skips the PHI row and says so; the other row is changed.
        var bulkPriority = plain.Priority == TicketPriority.High ? TicketPriority.Low : TicketPriority.High;
        var bulk = await app.SendAsync(new BulkUpdateTicketsCommand { TicketIds = [phi.Id, plain.Id], Priority = bulkPriority }, Alex);
        bulk.Outcomes.Select(o => (o.TicketId, o.Outcome)).ShouldBe([(phi.Id, BulkOutcome.Failed), (plain.Id, BulkOutcome.Updated)]);
        bulk.Outcomes[0].Error.ShouldBe(PhiWriteRefusal.RowMessage);
        bulk.Outcomes[0].TicketNumber.ShouldBe(phi.TicketNumber);
        var remotePhi = app.Simulator.Store.Find(phi.ExternalTicketId).ShouldNotBeNull();
        ((int)remotePhi.Priority).ShouldBe((int)phi.Priority, "the PHI ticket was not changed at Championship IT");
        ((int)app.Simulator.Store.Find(plain.ExternalTicketId)!.Priority).ShouldBe((int)bulkPriority);
        app.Simulator.Counters.CommentsCreated.ShouldBe(0);
        app.Simulator.Counters.AttachmentsCreated.ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.change_refused' AND $1 = ANY(ticket_ids)", phi.TicketNumber)).ShouldBe(6);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.change'")).ShouldBe(0, "a change to a ticket without PHI writes no PHI entry");
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_outbox")).ShouldBe(0, "nothing was queued for later either");

        // With a break-glass grant: the edit, a reply and an attachment go through, each audited by number.
        await app.SendAsync(new BreakGlassCommand(phi.Id, "On call for the ward's outage tonight"), Alex);
        (await app.SendAsync(UpdateTicketCommand.For(phi) with { Priority = otherPriority }, Alex)).Outcome.ShouldBe(UpdateTicketOutcome.Saved);
        (await app.SendAsync(Comment(phi.Id, CommentVisibility.Public), Alex)).Outcome.ShouldBe(AddCommentOutcome.Sent);
        using (var file = new MemoryStream(Encoding.UTF8.GetBytes("ward notes")))
        {
            (await app.SendAsync(new UploadAttachmentCommand(phi.Id, file, "notes.txt", Guid.NewGuid()), Alex)).Outcome.ShouldBe(UploadOutcome.Uploaded);
        }

        (await ChangeRequestsAsync(app, phi.TicketNumber)).ShouldBe(["UpdateTicket", "AddComment", "UploadAttachment"]);
        (await app.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'ticket.change' AND ticket_ids = ARRAY[$1] AND user_id IS NOT NULL AND (details->'details'->>'phi')::boolean " +
            "AND details->'details'->'rules' ? $2 AND details->'details'->'break_glass_until' ? $1", phi.TicketNumber, RuleName)).ShouldBe(3);

        // The grant ends: refused again. With the permission: allowed, no grant needed.
        await app.ExecuteAsync("UPDATE phi_break_glass SET expires_at = now() - interval '1 second'");
        await Should.ThrowAsync<ForbiddenAccessException>(() => app.SendAsync(Comment(phi.Id, CommentVisibility.Internal), Alex));
        await app.SendAsync(new SetPhiAccessCommand(await StaffIdAsync(app), HasAccess: true), TestUser.Admin);
        (await app.SendAsync(Comment(phi.Id, CommentVisibility.Internal), Alex)).Outcome.ShouldBe(AddCommentOutcome.Sent);
        var both = await app.SendAsync(new BulkUpdateTicketsCommand { TicketIds = [phi.Id, plain.Id], Priority = TicketPriority.Medium }, Alex);
        both.Failures.ShouldBeEmpty();

        // A new ticket the rules classify as PHI is audited too, even when filed by someone without access.
        var created = await app.SendAsync(
            new CreateTicketCommand { IdempotencyKey = Guid.NewGuid(), Title = "Ward printer offline", Priority = TicketPriority.Medium, Department = department },
            TestUser.Admin);
        var createdNumber = created.TicketNumber.ShouldNotBeNull();
        (await ChangeRequestsAsync(app, createdNumber)).ShouldBe(["CreateTicket"]);
        (await ChangeRequestsAsync(app, phi.TicketNumber)).ShouldBe(["UpdateTicket", "AddComment", "UploadAttachment", "AddComment", "BulkUpdateTickets"]);
        (await app.ScalarAsync<string[]>("SELECT ticket_ids FROM audit_log WHERE action = 'ticket.change' AND details->'details'->>'request' = 'BulkUpdateTickets'"))
            .ShouldBe([phi.TicketNumber], "only the PHI ticket of the two is named");

        // Queued while Championship IT is down, then delivered by background work: both are on record.
        app.Simulator.Faults.Current = new FaultSettings { Down = true };
        (await app.SendAsync(Comment(phi.Id, CommentVisibility.Public), Alex)).Outcome.ShouldBe(AddCommentOutcome.Queued);
        app.Simulator.Faults.Current = FaultSettings.None;
        (await app.SendAsync(new DeliverOutboxCommand())).Delivered.ShouldBe(1);
        (await ChangeRequestsAsync(app, phi.TicketNumber)).TakeLast(2).ShouldBe(["AddComment", "DeliverOutbox"]);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.change' AND details->'details'->>'request' = 'DeliverOutbox' AND user_id IS NULL AND actor = 'system'"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task Over_HTTP_the_ticket_page_the_composer_the_upload_and_the_bulk_edit_refuse_with_words_and_break_glass_opens_them()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "phi-writes-http" });
        var (phi, _, _) = await FlagOneDepartmentAsync(app);
        using var staff = await app.SignedInAsync(Alex);
        var token = Token().Match(await staff.GetHtmlAsync("/Tickets")).Groups[1].Value;
        var requests = app.Simulator.Counters.Requests;
        var otherPriority = phi.Priority == TicketPriority.High ? "Low" : "High";
        // The ticket page's form as a person posts it: the fields it shows, with another priority; the due date
        // to the minute in the browser's zone (UTC without the zone cookie).
        var edit = new Dictionary<string, string>
        {
            ["Input.ExpectedUpdatedAt"] = phi.UpdatedAt.ToString("O"),
            ["Input.Original"] = UpdateTicketCommand.OriginalOf(phi),
            ["Input.Status"] = phi.Status.ToString(),
            ["Input.Priority"] = otherPriority,
            ["Input.AssigneeId"] = phi.AssigneeId ?? "",
            ["Input.Category"] = phi.Category ?? "",
            ["Input.Department"] = phi.Department ?? "",
            ["Input.DueDate"] = phi.DueDate?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };

        using (var refused = await staff.PostFormAsync($"/Tickets/Details/{phi.Id}", edit, tokenFrom: "/Tickets"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("protected health information");
        }

        using (var refused = await staff.PostFormAsync($"/Tickets/Details/{phi.Id}", CommentForm(), handler: "Comment", tokenFrom: "/Tickets"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)).ShouldContain(PhiWriteRefusal.Message);
        }

        using (var refused = await SendAsync(staff, CommentRequest(phi.Id, token)))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain(PhiWriteRefusal.Message);
        }

        using (var refused = await SendAsync(staff, UploadRequest(phi.Id, token)))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain(PhiWriteRefusal.Message);
        }

        var bulkFields = new Dictionary<string, string> { ["Input.TicketIds[0]"] = phi.Id.ToString(), ["Input.Priority"] = otherPriority };
        using (var skipped = await staff.PostFormAsync("/Tickets/Bulk", bulkFields, tokenFrom: "/Tickets", json: true))
        {
            skipped.StatusCode.ShouldBe(HttpStatusCode.OK);
            var answer = (await skipped.Content.ReadFromJsonAsync<BulkAnswer>(Ct)).ShouldNotBeNull();
            (answer.Succeeded, answer.Failed).ShouldBe((0, 1));
            answer.Outcomes.ShouldHaveSingleItem().Error.ShouldBe(PhiWriteRefusal.RowMessage);
        }

        using (var skipped = await staff.PostFormAsync("/Tickets/Bulk", bulkFields, tokenFrom: "/Tickets"))
        {
            skipped.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await skipped.Content.ReadAsStringAsync(Ct)).ShouldContain(PhiWriteRefusal.RowMessage);
        }

        app.Simulator.Counters.Requests.ShouldBe(requests, "nothing reached Championship IT");
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.change_refused' AND $1 = ANY(ticket_ids) AND client_address IS NOT NULL", phi.TicketNumber))
            .ShouldBe(6);

        // Break-glass through its form; then the same page handlers work.
        using (var opened = await staff.PostFormAsync($"/Tickets/Restricted/{phi.Id}", new Dictionary<string, string> { ["Reason"] = "On call for the ward's outage tonight" }))
        {
            opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using (var saved = await staff.PostFormAsync($"/Tickets/Details/{phi.Id}", edit))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using (var sent = await SendAsync(staff, CommentRequest(phi.Id, token)))
        {
            sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var uploaded = await SendAsync(staff, UploadRequest(phi.Id, token)))
        {
            uploaded.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        ((int)app.Simulator.Store.Find(phi.ExternalTicketId)!.Priority).ShouldNotBe((int)phi.Priority);
        (await ChangeRequestsAsync(app, phi.TicketNumber)).ShouldBe(["UpdateTicket", "AddComment", "UploadAttachment"]);
    }

    /// <summary>
    /// Flags every ticket of one department with a rule: returns an open PHI ticket, an open ticket without
    /// PHI, and the department. The mirror is filled from the simulator, so writes reach a real remote.
    /// </summary>
    private static async Task<(Ticket Phi, Ticket Plain, string Department)> FlagOneDepartmentAsync(TestApp app)
    {
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        await using var db = app.Database.CreateDbContext();
        var open = await db.Tickets.AsNoTracking()
            .Where(t => t.DeletedAt == null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .OrderBy(t => t.TicketNumber)
            .ToListAsync(Ct);

        var phi = open.First(t => t.Department != null);
        var department = phi.Department!;
        await app.SendAsync(new AddPhiRuleCommand(RuleName, PhiRuleKind.Department, null, department), TestUser.Admin);
        (await app.SendAsync(new ReclassifyPhiCommand())).Flagged.ShouldBeGreaterThan(0);

        var flagged = (await app.ScalarAsync<Guid[]>("SELECT coalesce(array_agg(ticket_id), '{}') FROM ticket_phi")).ShouldNotBeNull();
        flagged.ShouldContain(phi.Id);
        var plain = open.First(t => !flagged.Contains(t.Id));
        return (phi, plain, department);
    }

    private static AddCommentCommand Comment(Guid ticketId, CommentVisibility visibility) => new()
    {
        TicketId = ticketId,
        IdempotencyKey = Guid.NewGuid(),
        Body = "Checked the ward laptop; rebooting it now.",
        Visibility = visibility,
    };

    private static Dictionary<string, string> CommentForm() => new()
    {
        ["Comment.IdempotencyKey"] = Guid.NewGuid().ToString(),
        ["Comment.Body"] = "Checked the ward laptop; rebooting it now.",
        ["Comment.Visibility"] = "Public",
    };

    private static HttpRequestMessage CommentRequest(Guid ticketId, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/tickets/{ticketId}/comments")
        {
            Content = JsonContent.Create(new { body = "Checked the ward laptop; rebooting it now.", visibility = "public", idempotencyKey = Guid.NewGuid() }),
        };
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token));
        return request;
    }

    private static HttpRequestMessage UploadRequest(Guid ticketId, string token)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("Ward laptop boot log: disk check passed."));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "files", "boot-log.txt");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/tickets/{ticketId}/attachments") { Content = form };
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token));
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(TestBrowser browser, HttpRequestMessage request)
    {
        using (request)
        {
            return await browser.SendAsync(request);
        }
    }

    /// <summary>The requests of the <c>ticket.change</c> entries naming the ticket, oldest first.</summary>
    private static async Task<string[]> ChangeRequestsAsync(TestApp app, string ticketNumber) =>
        (await app.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(details->'details'->>'request' ORDER BY seq), '{}') FROM audit_log WHERE action = 'ticket.change' AND $1 = ANY(ticket_ids)", ticketNumber))
        .ShouldNotBeNull();

    private static async Task<string> StaffIdAsync(TestApp app) =>
        (await app.ScalarAsync<string>("SELECT id FROM users WHERE normalized_email = upper($1)", Alex.Email!)).ShouldNotBeNull();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private sealed record BulkAnswer(int Succeeded, int Failed, List<BulkAnswerRow> Outcomes);

    private sealed record BulkAnswerRow(string? Number, string Outcome, string? Error);
}
