using System.Net;
using Shouldly;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Domain.Phi;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Phi;

/// <summary>
/// With every log line captured from Debug up, a sync, PHI classification, list, search, export, a
/// break-glass, ticket pages and an attachment download through the real app leave no ticket text
/// (titles, descriptions), no attachment file name, no search text, no break-glass reason and no
/// requester e-mail address in the logs.
/// </summary>
public sealed class PhiLogScrubbingTests
{
    [Fact]
    public async Task No_ticket_text_file_name_search_text_reason_or_requester_address_reaches_the_logs()
    {
        // Everything from Debug up, except ASP.NET Core's request line: it carries the query string (the
        // list's search text) at Information, so the shipped configuration keeps Microsoft.AspNetCore at
        // Warning (docs/security.md says not to lower it in production).
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "phi-logs",
            CaptureLogs = true,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning" },
        });
        await app.SendAsync(new AddPhiRuleCommand("Network tickets", PhiRuleKind.Category, null, "Network"), TestUser.Admin);

        // File names often carry a patient's name or record number: every ticket gets one such file.
        foreach (var remoteTicket in app.Simulator.Store.Snapshot())
        {
            app.Simulator.Store.AddAttachment(
                remoteTicket.Id,
                new NewAttachmentInput($"Jane Doe MRN-{remoteTicket.Id} discharge summary.pdf", "application/pdf", null, AttachmentContent.FromBytes([1, 2, 3])),
                null,
                notify: false).Outcome.ShouldBe(PostOutcome.Created);
        }

        var outcome = await app.SyncAsync(full: true, SyncType.Manual);
        outcome.Result!.Run.Status.ShouldBe(SyncStatus.Success);
        var phiId = await app.ScalarAsync<Guid>("SELECT ticket_id FROM ticket_phi LIMIT 1");
        var title = (await app.ScalarAsync<string>("SELECT title FROM tickets_cache WHERE id = $1", phiId)).ShouldNotBeNull();
        var searchWord = title.Split(' ').Where(w => w.Length >= 4 && w.All(char.IsLetter)).OrderByDescending(w => w.Length).First();
        const string reason = "Checking the ward's VPN for the night shift";

        using var staff = await app.SignedInAsync(TestUser.Staff);
        (await staff.GetAsync($"/Tickets?search={Uri.EscapeDataString(searchWord)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.GetAsync("/Tickets/Export")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var glass = await staff.PostFormAsync($"/Tickets/Restricted/{phiId}", new Dictionary<string, string> { ["Reason"] = reason }))
        {
            glass.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await staff.GetAsync($"/Tickets/Details/{phiId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var attachment = (await app.ScalarAsync<string>("SELECT external_attachment_id FROM ticket_attachments WHERE ticket_id = $1", phiId)).ShouldNotBeNull();
        (await staff.GetAsync($"/tickets/{phiId}/attachments/{Uri.EscapeDataString(attachment)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = await app.SignedInAsync(TestUser.Admin);
        (await admin.GetAsync("/Admin/Phi")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync($"/Tickets?search={Uri.EscapeDataString(searchWord)}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lines = app.Logs!.Lines;
        lines.Count.ShouldBeGreaterThan(100, "Debug logging is on");
        var texts = new List<string> { reason, $"search={searchWord}" };
        await using (var db = app.Database.CreateDbContext())
        {
            foreach (var ticket in db.Tickets.Select(t => new { t.Title, t.Description, t.RequesterEmail }).ToList())
            {
                texts.Add(ticket.Title);
                if (ticket.Description is { Length: >= 12 } description)
                {
                    texts.Add(description);
                }

                if (ticket.RequesterEmail is { Length: > 0 } email)
                {
                    texts.Add(email);
                }
            }

            var fileNames = db.TicketAttachments.Select(a => a.FileName).Where(n => n.StartsWith("Jane Doe MRN-")).ToList();
            fileNames.Count.ShouldBeGreaterThanOrEqualTo(40, "every ticket's file reached the mirror");
            texts.AddRange(fileNames);
        }

        texts.Count.ShouldBeGreaterThan(80);
        foreach (var text in texts.Distinct())
        {
            var found = lines.FirstOrDefault(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
            found.ShouldBeNull($"PHI-bearing text “{text}” in: {found}");
        }
    }
}
