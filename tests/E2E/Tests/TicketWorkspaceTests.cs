using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands.AddComment;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;
using static Microsoft.Playwright.Assertions;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;
using SimVisibility = Ticketing.Simulator.Tickets.CommentVisibility;
using Ticket = Ticketing.Domain.Tickets.Ticket;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The ticket page as an agent's workspace, in Chromium against the in-process simulator: the
/// conversation and its composer, attachments up and down, and the full edit form.
/// </summary>
public sealed class TicketWorkspaceTests(E2EFixture e2e)
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reply_and_an_internal_note_reach_the_remote_with_their_visibility_and_the_author()
    {
        var seeded = await SeedAsync($"VPN drops every hour {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        await details.ComposerBody.FillAsync("Could you try the new profile?\nIt is on the portal.");
        await details.ComposerBody.PressAsync("Control+Enter");
        var reply = details.Comments.Filter(new() { HasText = "Could you try the new profile?" });
        await Expect(reply.Locator("[data-comment-state]")).ToHaveTextAsync("Sent");
        await Expect(reply).ToContainTextAsync("Reply");
        await Expect(details.ComposerBody).ToHaveValueAsync("");

        await details.InternalNoteChoice.ClickAsync();
        await Expect(details.ComposerBody).ToHaveAccessibleNameAsync("Internal note (only agents see it)");
        await details.ComposerBody.FillAsync("Their laptop has the old client.");
        await details.Composer.GetByRole(AriaRole.Button, new() { Name = "Add internal note" }).ClickAsync();
        var note = details.Comments.Filter(new() { HasText = "Their laptop has the old client." });
        await Expect(note.Locator("[data-comment-state]")).ToHaveTextAsync("Sent");

        var remote = e2e.App.Simulator.Store.Comments(seeded.ExternalTicketId).ShouldNotBeNull();
        var remoteReply = remote.Where(c => c.Body.StartsWith("Could you try", StringComparison.Ordinal)).ShouldHaveSingleItem();
        remoteReply.Visibility.ShouldBe(SimVisibility.Public);
        remoteReply.Body.ShouldBe("Could you try the new profile?\nIt is on the portal.");
        remoteReply.AuthorEmail.ShouldBe(TestUser.Admin.Email);
        remoteReply.AuthorName.ShouldNotBeNullOrWhiteSpace();
        var remoteNote = remote.Where(c => c.Body == "Their laptop has the old client.").ShouldHaveSingleItem();
        remoteNote.Visibility.ShouldBe(SimVisibility.Internal);

        // After a reload both come from the mirror: the note labelled in words, the reply's line break kept.
        await page.ReloadAsync();
        await Expect(note).ToHaveClassAsync(new Regex("timeline-internal"));
        await Expect(note.GetByText("Internal note", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(reply).Not.ToHaveClassAsync(new Regex("timeline-internal"));
        (await reply.Locator(".comment-body").InnerTextAsync()).ShouldBe("Could you try the new profile?\nIt is on the portal.");
        await Expect(reply).ToContainTextAsync(TestUser.Admin.Email!);
    }

    [Fact]
    public async Task A_draft_survives_a_reload_and_Ctrl_Enter_sends_it_once()
    {
        var seeded = await SeedAsync($"Printer jams on tray 2 {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        var text = $"Replaced the roller {Token()}";
        await details.ComposerBody.PressSequentiallyAsync(text);
        await Expect(details.DraftStatus).ToHaveTextAsync("Draft kept in this browser.");

        await page.ReloadAsync();
        await Expect(details.ComposerBody).ToHaveValueAsync(text);
        await Expect(details.DraftStatus).ToHaveTextAsync("Your draft was restored.");

        await details.ComposerBody.PressAsync("Control+Enter");
        await Expect(details.Comments.Filter(new() { HasText = text }).Locator("[data-comment-state]")).ToHaveTextAsync("Sent");
        e2e.App.Simulator.Store.Comments(seeded.ExternalTicketId)!.Count(c => c.Body == text).ShouldBe(1);

        // Sent, the draft is gone: a reload shows an empty composer and the comment once.
        await page.ReloadAsync();
        await Expect(details.ComposerBody).ToHaveValueAsync("");
        await Expect(details.Comments.Filter(new() { HasText = text })).ToHaveCountAsync(1);
        (await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('ticketing.draft')).length")).ShouldBe(0);
    }

    [Fact]
    public async Task A_5_MiB_file_uploads_with_progress_and_downloads_byte_for_byte_as_an_attachment()
    {
        var seeded = await SeedAsync($"Scanner output garbled {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        var content = new byte[5 * MiB];
        Random.Shared.NextBytes(content);
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(content, 0);
        using (var file = await LocalFile.WriteAsync("scan.pdf", content))
        {
            await details.FilePicker.SetInputFilesAsync(file.Path);
            await Expect(details.UploadRows.Filter(new() { HasText = "scan.pdf" })).ToContainTextAsync("“scan.pdf” attached.");
        }

        var stored = e2e.App.Simulator.Store.Attachments(seeded.ExternalTicketId).ShouldNotBeNull().ShouldHaveSingleItem();
        stored.SizeBytes.ShouldBe(content.Length);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));

        var link = details.AttachmentLinks.Filter(new() { HasText = "scan.pdf" });
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        await using (var downloaded = await download.CreateReadStreamAsync())
        {
            (await SHA256.HashDataAsync(downloaded, Ct)).ShouldBe(SHA256.HashData(content));
        }

        download.SuggestedFilename.ShouldBe("scan.pdf");
        var response = await page.APIRequest.GetAsync(await link.GetAttributeAsync("href") ?? "");
        response.Status.ShouldBe(200);
        response.Headers["content-disposition"].ShouldStartWith("attachment");
        response.Headers["x-content-type-options"].ShouldBe("nosniff");

        // Listed after a reload with its type, size and uploader.
        await page.ReloadAsync();
        var listed = details.Attachments.Locator("[data-attachment-list] li").Filter(new() { HasText = "scan.pdf" });
        await Expect(listed).ToContainTextAsync("PDF · 5.0 MiB");
        await details.Attachments.ScreenshotAsync(new() { Path = Screenshot("ticket-attachment-listed.png") });
    }

    [Fact]
    public async Task A_30_MiB_file_is_refused_with_its_reason_by_the_page_and_by_the_server()
    {
        var seeded = await SeedAsync($"Video of the error {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        var content = new byte[30 * MiB];
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(content, 0);
        using (var file = await LocalFile.WriteAsync("recording.pdf", content))
        {
            await details.FilePicker.SetInputFilesAsync(file.Path);
            await Expect(details.UploadRows.Filter(new() { HasText = "recording.pdf" }).GetByRole(AriaRole.Alert))
                .ToHaveTextAsync("“recording.pdf” is larger than 25 MiB, the most Championship IT accepts per file, so it was not uploaded.");
        }

        await details.Attachments.ScreenshotAsync(new() { Path = Screenshot("ticket-upload-refused.png") });

        // Past the page's own check (a script of someone's own, run in the page with its cookies), the server
        // refuses it too. The script makes the same 30 MiB (the PDF header, then zeros) in the browser.
        var token = await details.Attachments.Locator("input[name=__RequestVerificationToken]").InputValueAsync();
        var response = await page.EvaluateAsync<JsonElement>(
            """
            async ([url, token, key, size]) => {
              const bytes = new Uint8Array(size);
              bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
              const form = new FormData();
              form.append('files', new Blob([bytes], { type: 'application/pdf' }), 'recording.pdf');
              const answer = await fetch(url, {
                method: 'POST',
                headers: { 'RequestVerificationToken': token, 'Accept': 'application/json', 'Idempotency-Key': key },
                body: form,
              });
              return { status: answer.status, text: await answer.text() };
            }
            """,
            new object[] { $"/tickets/{seeded.Id}/attachments", token, Guid.NewGuid().ToString(), content.Length });
        response.GetProperty("status").GetInt32().ShouldBe(413);
        using var json = JsonDocument.Parse(response.GetProperty("text").GetString()!);
        json.RootElement.GetProperty("results")[0].GetProperty("message").GetString().ShouldBe(
            "“recording.pdf” is larger than 25 MiB, the most Championship IT accepts per file, so it was not uploaded.");
        (e2e.App.Simulator.Store.Attachments(seeded.ExternalTicketId) ?? []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_program_named_as_a_pdf_is_refused_by_its_content_and_several_files_each_get_their_own_outcome()
    {
        var seeded = await SeedAsync($"Strange attachment {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        byte[] program = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];
        await details.FilePicker.SetInputFilesAsync(
        [
            new FilePayload { Name = "invoice.pdf", MimeType = "application/pdf", Buffer = program },
            new FilePayload { Name = "steps.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("1. Open Outlook\n2. It freezes\n") },
        ]);

        await Expect(details.UploadRows.Filter(new() { HasText = "invoice.pdf" }).GetByRole(AriaRole.Alert))
            .ToContainTextAsync("“invoice.pdf” was not uploaded: its content is not a type this dashboard accepts.");
        await Expect(details.UploadRows.Filter(new() { HasText = "steps.txt" })).ToContainTextAsync("“steps.txt” attached.");
        var stored = e2e.App.Simulator.Store.Attachments(seeded.ExternalTicketId).ShouldNotBeNull().ShouldHaveSingleItem();
        stored.FileName.ShouldBe("steps.txt");
        stored.ContentType.ShouldStartWith("text/plain");
    }

    [Fact]
    public async Task A_file_named_like_markup_is_shown_as_text_and_runs_nothing()
    {
        const string name = "\"><img src=x onerror=alert(1)>.txt";
        var seeded = await SeedAsync($"Odd file name {Token()}");
        var page = await e2e.SignedInPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            Interlocked.Increment(ref dialogs);
            _ = dialog.DismissAsync();
        };
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        await details.FilePicker.SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("just text\n") });
        await Expect(details.UploadRows.First).ToContainTextAsync("attached.");
        await Expect(details.AttachmentLinks).ToHaveTextAsync([name]);

        await page.ReloadAsync();
        await Expect(details.AttachmentLinks).ToHaveTextAsync([name]);
        await Expect(details.Timeline.GetByTestId("attachment-entry")).ToContainTextAsync(name);
        await Expect(page.Locator("img[src=x]")).ToHaveCountAsync(0);
        dialogs.ShouldBe(0);
    }

    [Fact]
    public async Task Every_field_is_edited_in_one_form_and_a_field_changed_meanwhile_is_chosen_by_the_user()
    {
        var seeded = await SeedAsync($"Wi-Fi weak in the annex {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);
        await details.OpenEditAsync();

        var myTitle = $"Wi-Fi dead in the annex {Token()}";
        await details.Title.FillAsync(myTitle);
        await details.Description.FillAsync("No signal at all.\nSince Monday.");
        await details.Status.SelectOptionAsync(new SelectOptionValue { Label = "In progress" });
        await details.Priority.SelectOptionAsync(new SelectOptionValue { Label = "High" });
        await details.Category.FillAsync("Networking");
        await details.Department.FillAsync("Facilities");
        await details.DueDate.FillAsync("2031-03-10T14:30");
        await details.Tags.PressSequentiallyAsync("wifi");
        await details.Tags.PressAsync("Enter");
        await details.Tags.PressSequentiallyAsync("annex");
        await details.Tags.PressAsync("Enter");
        await Expect(details.EditForm.GetByRole(AriaRole.Button, new() { Name = "Remove tag wifi" })).ToBeVisibleAsync();
        await details.CustomFieldName(0).FillAsync("access_points");
        await details.CustomFieldType(0).SelectOptionAsync(new SelectOptionValue { Label = "Number" });
        await details.CustomFieldValue(0).FillAsync("3");
        await details.EditForm.GetByRole(AriaRole.Button, new() { Name = "Add a custom field" }).ClickAsync();
        await details.CustomFieldName(1).FillAsync("outdoor");
        await details.CustomFieldType(1).SelectOptionAsync(new SelectOptionValue { Label = "True or false" });
        await details.CustomFieldValue(1).FillAsync("false");

        // Meanwhile someone renames it at Championship IT.
        var theirTitle = $"Annex Wi-Fi (facilities) {Token()}";
        e2e.App.Simulator.Store.Update(seeded.ExternalTicketId, new TicketPatch { Title = Optional<string>.Of(theirTitle) }).ShouldNotBeNull();
        var patchesBefore = e2e.App.Simulator.Counters.PatchRequests;
        await details.Save.ClickAsync();

        await Expect(details.ErrorSummary).ToContainTextAsync("Someone changed this ticket in Championship IT while you were editing it");
        var choice = details.EditForm.GetByRole(AriaRole.Group, new() { NameRegex = new Regex("Which title do you want\\?") });
        await Expect(choice).ToContainTextAsync(theirTitle);
        await Expect(choice).ToContainTextAsync(myTitle);
        await Expect(details.Title).ToHaveValueAsync(myTitle);
        await Expect(details.Status).ToHaveValueAsync("InProgress");
        e2e.App.Simulator.Counters.PatchRequests.ShouldBe(patchesBefore);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("ticket-conflict-desktop.png") });
        await choice.ScreenshotAsync(new() { Path = Screenshot("ticket-conflict-choice.png") });

        await choice.GetByLabel(new Regex("^Use yours")).CheckAsync();
        await details.Save.ClickAsync();

        await Expect(details.StatusMessage).ToContainTextAsync("Saved in Championship IT: ");
        var saved = await details.StatusMessage.InnerTextAsync();
        foreach (var field in new[] { "title", "description", "status", "priority", "category", "department", "due date", "tags", "custom fields" })
        {
            saved.ShouldContain(field, customMessage: "the message names every field that changed");
        }

        saved.ShouldNotContain("assignee");
        var remote = e2e.App.Simulator.Store.Find(seeded.ExternalTicketId).ShouldNotBeNull();
        remote.Title.ShouldBe(myTitle);
        remote.Description.ShouldBe("No signal at all.\nSince Monday.");
        remote.Status.ShouldBe(SimStatus.InProgress);
        remote.Priority.ShouldBe(SimPriority.High);
        remote.Category.ShouldBe("Networking");
        remote.Department.ShouldBe("Facilities");
        remote.DueDate.ShouldBe(new DateTime(2031, 3, 10, 14, 30, 0, DateTimeKind.Utc));
        remote.Tags.ShouldBe(["wifi", "annex"]);
        using (var fields = JsonDocument.Parse(remote.CustomFieldsJson))
        {
            fields.RootElement.GetProperty("access_points").ValueKind.ShouldBe(JsonValueKind.Number);
            fields.RootElement.GetProperty("access_points").GetInt32().ShouldBe(3);
            fields.RootElement.GetProperty("outdoor").ValueKind.ShouldBe(JsonValueKind.False);
        }

        await Expect(details.Heading).ToContainTextAsync(myTitle);
        await Expect(details.Timeline.GetByTestId("history-entry").Filter(new() { HasText = "Status" })).ToContainTextAsync("Open → In progress");
    }

    [Fact]
    public async Task A_file_uploaded_while_Championship_IT_is_down_waits_to_upload_and_is_attached_after_recovery()
    {
        var seeded = await SeedAsync($"Upload in an outage {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        e2e.App.Simulator.Faults.Current = new FaultSettings { Down = true };
        try
        {
            await details.FilePicker.SetInputFilesAsync(new FilePayload { Name = "trace.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("traceroute: hop 3 lost\n") });
            await Expect(details.UploadRows.First).ToContainTextAsync("is waiting to upload");
            await Expect(details.Attachments.GetByTestId("waiting-attachment")).ToContainTextAsync("trace.txt");

            foreach (var (width, height, name) in new[] { (1440, 900, "desktop"), (390, 844, "phone") })
            {
                await page.SetViewportSizeAsync(width, height);
                await details.GotoAsync(seeded.Id);
                await Expect(details.Attachments.GetByTestId("waiting-attachment")).ToContainTextAsync("Waiting to upload");
                await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
                await details.Attachments.ScreenshotAsync(new() { Path = Screenshot($"ticket-upload-waiting-{name}.png") });
            }
        }
        finally
        {
            e2e.App.Simulator.Faults.Current = FaultSettings.None;
        }

        await Eventually.UntilAsync(
            async () => (await e2e.App.SendAsync(new DeliverOutboxCommand())).StillQueued == 0
                && (e2e.App.Simulator.Store.Attachments(seeded.ExternalTicketId) ?? []).Any(a => a.FileName == "trace.txt"),
            "the queued file was uploaded after recovery",
            TimeSpan.FromSeconds(60));
        await details.GotoAsync(seeded.Id);
        await Expect(details.AttachmentLinks).ToHaveTextAsync(["trace.txt"]);
        await Expect(details.Attachments.GetByTestId("waiting-attachment")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_long_conversation_is_readable_at_desk_and_phone_sizes_and_has_no_serious_accessibility_violation()
    {
        var seeded = await SeedAsync($"Email delayed by hours {Token()}");
        for (var i = 1; i <= 14; i++)
        {
            var body = i % 3 == 0
                ? $"Internal: checked the mail queue, {i * 7} messages waiting.\nRelay looks healthy."
                : $"Update {i}: the delay is still there for some senders. Could you send the headers of a late message?";
            await e2e.App.SendAsync(
                new AddCommentCommand
                {
                    TicketId = seeded.Id,
                    IdempotencyKey = Guid.NewGuid(),
                    Body = body,
                    Visibility = i % 3 == 0 ? Domain.Tickets.CommentVisibility.Internal : Domain.Tickets.CommentVisibility.Public,
                },
                TestUser.Admin);
        }

        e2e.App.Simulator.Store.Update(seeded.ExternalTicketId, new TicketPatch { Status = Optional<SimStatus>.Of(SimStatus.InProgress) });
        await MirrorAsync(seeded.ExternalTicketId);
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);

        foreach (var (width, height, name) in new[] { (1440, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await details.GotoAsync(seeded.Id);
            await Expect(details.Comments).ToHaveCountAsync(14);
            await Expect(details.Timeline.GetByTestId("history-entry").Filter(new() { HasText = "Open → In progress" })).ToBeVisibleAsync();
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
            await page.ScreenshotAsync(new() { Path = Screenshot($"ticket-conversation-{name}.png"), FullPage = true });
            await page.ScreenshotAsync(new() { Path = Screenshot($"ticket-top-{name}.png") });
            await details.Composer.ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Screenshot($"ticket-composer-{name}.png") });
            await details.Attachments.ScreenshotAsync(new() { Path = Screenshot($"ticket-attachments-{name}.png") });

            await details.OpenEditAsync();
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
            await page.ScreenshotAsync(new() { Path = Screenshot($"ticket-edit-open-{name}.png") });
            await details.EditForm.ScreenshotAsync(new() { Path = Screenshot($"ticket-edit-form-{name}.png") });

            await page.GetByRole(AriaRole.Link, new() { Name = "Comments and files only" }).ClickAsync();
            await Expect(details.Timeline.GetByTestId("history-entry").First).ToBeHiddenAsync();
            await Expect(details.Comments).ToHaveCountAsync(14);
        }
    }

    [Fact]
    public async Task A_ticket_created_here_has_the_signed_in_user_as_requester_unless_filed_on_behalf_of_someone()
    {
        var page = await e2e.SignedInPageAsync();
        var form = new TicketCreatePage(page);
        var mine = $"Docking station dead {Token()}";
        await form.GotoAsync();
        await form.Title.FillAsync(mine);
        await form.Priority.SelectOptionAsync(new SelectOptionValue { Label = "Medium" });
        await form.Submit.ClickAsync();
        await Expect(new TicketDetailsPage(page).StatusMessage).ToContainTextAsync("created in Championship IT");
        var remoteMine = e2e.App.Simulator.Store.Snapshot().Where(t => t.Title == mine).ShouldHaveSingleItem();
        remoteMine.RequesterEmail.ShouldBe(TestUser.Admin.Email);
        remoteMine.RequesterName.ShouldNotBeNullOrWhiteSpace();
        await Expect(page.GetByTestId("requester")).ToContainTextAsync(TestUser.Admin.Email!);

        var theirs = $"Headset crackles {Token()}";
        await form.GotoAsync();
        await form.Title.FillAsync(theirs);
        await form.Priority.SelectOptionAsync(new SelectOptionValue { Label = "Low" });
        await page.GetByLabel("On behalf of someone else").CheckAsync();
        await page.GetByLabel("Their name").FillAsync("Noor Haddad");
        await page.GetByLabel("Their e-mail address").FillAsync("not-an-address");
        await form.Submit.ClickAsync();
        await Expect(form.ErrorSummary).ToContainTextAsync("Enter an e-mail address like name@example.org.");
        await Expect(page.GetByLabel("Their e-mail address")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Their e-mail address").FillAsync("noor.haddad@example.org");
        await form.Submit.ClickAsync();
        await Expect(page.GetByTestId("requester")).ToContainTextAsync("Noor Haddad");
        var remoteTheirs = e2e.App.Simulator.Store.Snapshot().Where(t => t.Title == theirs).ShouldHaveSingleItem();
        remoteTheirs.RequesterName.ShouldBe("Noor Haddad");
        remoteTheirs.RequesterEmail.ShouldBe("noor.haddad@example.org");
    }

    [Fact]
    public async Task Files_dropped_on_the_drop_zone_upload_each_with_its_own_progress_bar_to_done()
    {
        var seeded = await SeedAsync($"Dropped logs {Token()}");
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);

        // Every progress bar the page shows, and its last value, recorded as the page changes.
        await page.EvaluateAsync("""
            () => {
                window.__bars = {};
                new MutationObserver(records => records.forEach(r => {
                    const bars = r.type === "attributes" ? [r.target] : [...r.addedNodes].flatMap(n => n.querySelectorAll ? [...(n.matches("progress") ? [n] : []), ...n.querySelectorAll("progress")] : []);
                    bars.filter(b => b.matches && b.matches("progress")).forEach(b => window.__bars[b.getAttribute("aria-label")] = b.value);
                })).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["value"] });
            }
            """);
        var files = await page.EvaluateHandleAsync("""
            () => {
                const transfer = new DataTransfer();
                transfer.items.add(new File(["%PDF-1.7\n" + "x".repeat(2 * 1024 * 1024)], "dropped.pdf", { type: "application/pdf" }));
                transfer.items.add(new File(["ping 10.0.0.1: timeout\n"], "dropped.txt", { type: "text/plain" }));
                return transfer;
            }
            """);
        var zone = details.Attachments.Locator("[data-drop-zone]");
        await zone.DispatchEventAsync("dragenter", new Dictionary<string, object> { ["dataTransfer"] = files });
        await zone.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = files });

        await Expect(details.UploadRows.Filter(new() { HasText = "dropped.pdf" })).ToContainTextAsync("“dropped.pdf” attached.", new() { Timeout = 60_000 });
        await Expect(details.UploadRows.Filter(new() { HasText = "dropped.txt" })).ToContainTextAsync("“dropped.txt” attached.", new() { Timeout = 60_000 });
        await Expect(details.UploadRows.Locator("progress")).ToHaveCountAsync(0);
        var bars = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__bars");
        bars.Keys.Order().ShouldBe(["Uploading dropped.pdf", "Uploading dropped.txt"]);
        bars["Uploading dropped.pdf"].ShouldBe(100, "the bar reached the end before it gave way to the outcome");
        e2e.App.Simulator.Store.Attachments(seeded.ExternalTicketId).ShouldNotBeNull().Select(a => a.FileName).Order().ShouldBe(["dropped.pdf", "dropped.txt"]);
        await Expect(details.AttachmentLinks.Filter(new() { HasText = "dropped.txt" })).ToBeVisibleAsync();
        await details.Attachments.ScreenshotAsync(new() { Path = Screenshot("ticket-upload-dropped.png") });
    }

    [Fact]
    public async Task Without_JavaScript_the_plain_upload_form_attaches_the_file()
    {
        var seeded = await SeedAsync($"No script upload {Token()}");
        var context = await e2e.Browser.NewContextAsync(new() { BaseURL = e2e.App.BaseUrl.ToString(), JavaScriptEnabled = false, TimezoneId = "Europe/Lisbon", Locale = "en-GB" });
        try
        {
            var page = await context.NewPageAsync();
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync(TestUser.Admin.Email!, TestUser.Admin.Password!);
            var details = new TicketDetailsPage(page);
            await details.GotoAsync(seeded.Id);

            await details.FilePicker.SetInputFilesAsync(new FilePayload { Name = "plain.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("uploaded without a script\n") });
            await details.Attachments.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

            await Expect(page.GetByText("“plain.txt” attached.")).ToBeVisibleAsync();
            await Expect(details.AttachmentLinks.Filter(new() { HasText = "plain.txt" })).ToBeVisibleAsync();
            e2e.App.Simulator.Store.Attachments(seeded.ExternalTicketId).ShouldNotBeNull().ShouldHaveSingleItem().FileName.ShouldBe("plain.txt");
            await page.ScreenshotAsync(new() { Path = Screenshot("ticket-upload-no-script.png"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_assignee_chosen_in_the_edit_form_is_written_through_to_Championship_IT()
    {
        var seeded = await SeedAsync($"Needs an owner {Token()}");
        // Another ticket with an assignee, so the form has an agent to offer whether or not a sync listed the agents.
        var other = await SeedAsync($"Owned elsewhere {Token()}");
        e2e.App.Simulator.Store.Update(other.ExternalTicketId, new TicketPatch { AssigneeId = Optional<string?>.Of("agt_3") }).ShouldNotBeNull();
        await MirrorAsync(other.ExternalTicketId);
        var page = await e2e.SignedInPageAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);
        await details.OpenEditAsync();

        var choice = await details.Assignee.EvaluateAsync<string[]>(
            "select => [...select.options].filter(o => o.value && o.value !== select.value).map(o => [o.value, o.textContent.trim()])[0]");
        choice.ShouldNotBeNull("the form offers agents to assign");
        await details.Assignee.SelectOptionAsync(new SelectOptionValue { Value = choice[0] });
        await details.Save.ClickAsync();

        await Expect(details.StatusMessage).ToContainTextAsync("ssignee");
        await Expect(page.GetByTestId("assignee")).ToContainTextAsync(choice[1]);
        e2e.App.Simulator.Store.Find(seeded.ExternalTicketId).ShouldNotBeNull().AssigneeId.ShouldBe(choice[0]);
        await using var db = e2e.App.Database.CreateDbContext();
        (await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == seeded.Id, Ct)).AssigneeId.ShouldBe(choice[0]);
    }

    [Fact]
    public async Task A_change_made_elsewhere_is_named_on_the_open_page_with_a_reload_and_the_pages_own_reply_is_not()
    {
        var seeded = await SeedAsync($"Monitor flickers {Token()}");
        var (page, details) = await OpenWithLiveUpdatesAsync(seeded);
        var region = page.Locator("[data-changed-elsewhere]");
        var notice = page.GetByTestId("changed-elsewhere");

        // The page's own reply is news of this ticket too, but nothing the page shows changed: no notice.
        await details.ComposerBody.FillAsync("Which port is it plugged into?");
        await details.ComposerBody.PressAsync("Control+Enter");
        await Expect(details.Comments.Filter(new() { HasText = "Which port" }).Locator("[data-comment-state]")).ToHaveTextAsync("Sent");
        await Expect(region).ToHaveAttributeAsync("data-answers", "1");
        await Expect(notice).ToHaveCountAsync(0);
        // The answer names the reply as the mirror's; the page keeps showing it as it did, "Sent", not as news.
        var ownReply = details.Comments.Filter(new() { HasText = "Which port" });
        await Expect(ownReply).ToHaveAttributeAsync("data-entry", new Regex("^comment:"));
        await Expect(ownReply.Locator("[data-comment-state]")).ToHaveTextAsync("Sent");

        // Someone changes the title and the priority at Championship IT; a sync brings them.
        var title = $"Monitor flickers and goes dark {Token()}";
        e2e.App.Simulator.Store.Update(seeded.ExternalTicketId, new TicketPatch { Title = Optional<string>.Of(title), Priority = Optional<SimPriority>.Of(SimPriority.Critical) });
        await MirrorAsync(seeded.ExternalTicketId);

        await Expect(notice).ToContainTextAsync($"Changed since you opened this page: title → “{title}”, priority → Critical.");
        await Expect(region).ToHaveAttributeAsync("role", "status");
        // The title and the badges under it show the ticket as it is now; the edit form keeps what it was opened with.
        await Expect(page.Locator("h1")).ToContainTextAsync(title);
        await Expect(page.Locator(".ticket-meta")).ToContainTextAsync("Critical priority");
        await Expect(page.Locator("[data-ticket-facts]")).ToHaveClassAsync(new Regex(@"\bmeta-updated\b"));
        await Expect(page).ToHaveTitleAsync(new Regex(Regex.Escape(title)));
        (await page.Locator("input[name='Input.Title']").InputValueAsync()).ShouldNotBe(title);
        // The history of the change joins the conversation in place, marked new; the page's own reply is not new.
        var priorityChange = details.Timeline.GetByTestId("history-entry").Filter(new() { HasText = "Medium → Critical" });
        await Expect(priorityChange).ToHaveClassAsync(new Regex(@"\btimeline-new\b"));
        await Expect(details.Comments.Filter(new() { HasText = "Which port" })).ToHaveCountAsync(1);
        await Expect(details.Comments.Filter(new() { HasText = "Which port" })).Not.ToHaveClassAsync(new Regex(@"\btimeline-new\b"));
        await AxeAndScreenshotsAsync(page, "ticket-changed-elsewhere");

        await notice.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Expect(notice).ToHaveCountAsync(0);
        await Expect(page.Locator("h1")).ToContainTextAsync(title);
        (await page.Locator("input[name='Input.Title']").InputValueAsync()).ShouldBe(title);

        // Values the page could not have sent are refused in words, not with a server error.
        var refused = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
                const form = new FormData();
                form.append("original", "{not json");
                const token = document.querySelector("input[name=__RequestVerificationToken]").value;
                const url = document.querySelector("[data-changes-url]").getAttribute("data-changes-url");
                const response = await fetch(url, { method: "POST", body: form, headers: { "RequestVerificationToken": token } });
                return { status: response.status, body: await response.json() };
            }
            """);
        refused.GetProperty("status").GetInt32().ShouldBe(400);
        refused.GetProperty("body").GetProperty("errors")[0].GetString().ShouldBe("The page's values could not be read: reload the page.");
    }

    [Fact]
    public async Task A_reply_made_elsewhere_joins_the_open_conversation_marked_new_and_announced_and_the_draft_stays()
    {
        var seeded = await SeedAsync($"Label printer jams {Token()}");
        var (page, details) = await OpenWithLiveUpdatesAsync(seeded);
        var before = await details.Timeline.Locator("[data-entry]").CountAsync();
        await details.ComposerBody.FillAsync("Half-written answer about the tray");
        var tabTitle = await page.TitleAsync();
        // The agent is in another tab meanwhile.
        await page.EvaluateAsync("() => Object.defineProperty(document, 'hidden', { value: true, configurable: true })");

        // The requester answers at Championship IT; the webhook stores the reply in the mirror.
        var text = $"Tried the other tray, it still jams {Token()}";
        await ReplyAtRemoteAsync(seeded, "Robin Diaz", text);

        var arrived = details.Comments.Filter(new() { HasText = text });
        await Expect(arrived).ToHaveCountAsync(1);
        await Expect(arrived).ToHaveClassAsync(new Regex(@"\btimeline-new\b"));
        await Expect(arrived.Locator(".comment-header")).ToContainTextAsync("Robin Diaz");
        await Expect(arrived.Locator(".comment-header .badge", new() { HasText = "New" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-timeline-announcer]")).ToHaveTextAsync("New reply from Robin Diaz in the conversation.");
        await Expect(details.Timeline.Locator("[data-entry]")).ToHaveCountAsync(before + 1);
        await Expect(page).ToHaveTitleAsync($"(1) {tabTitle}");
        await page.EvaluateAsync("() => { Object.defineProperty(document, 'hidden', { value: false, configurable: true }); document.dispatchEvent(new Event('visibilitychange')); }");
        await Expect(page).ToHaveTitleAsync(tabTitle);
        // Only the conversation changed: no "changed since" notice, and the draft is as the agent left it.
        await Expect(page.GetByTestId("changed-elsewhere")).ToHaveCountAsync(0);
        await Expect(details.ComposerBody).ToHaveValueAsync("Half-written answer about the tray");
        await AxeAndScreenshotsAsync(page, "ticket-new-reply-live", inView: arrived);
    }

    [Fact]
    public async Task A_file_and_a_breach_estimate_that_arrive_while_the_page_is_open_join_the_side_panel()
    {
        var seeded = await SeedAsync($"Scanner offline {Token()}");
        var (page, details) = await OpenWithLiveUpdatesAsync(seeded);
        var attachments = page.GetByTestId("attachments");
        await Expect(attachments.Locator("[data-attachment-count]")).ToHaveTextAsync("(0)");
        await Expect(page.GetByTestId("breach-risk")).ToHaveCountAsync(0);
        var answered = await page.Locator("[data-changed-elsewhere]").GetAttributeAsync("data-answers");

        // Meanwhile a colleague attaches a log at Championship IT (the webhook stores it), the breach estimate flags the
        // ticket, and a reply makes the change heard.
        var fileId = "att_" + Token();
        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            var stored = new Ticketing.Domain.Tickets.TicketAttachment
            {
                ExternalAttachmentId = fileId,
                FileName = "scanner-log.txt",
                ContentType = "text/plain",
                SizeBytes = 2048,
                UploadedByName = "Robin Diaz",
                CreatedAt = DateTimeOffset.UtcNow,
            };
            (await scope.ServiceProvider.GetRequiredService<ITicketAttachmentRepository>().AddAsync(seeded.ExternalTicketId, [stored], Ct)).ShouldBe(1);
        }

        await e2e.App.ExecuteAsync(
            """
            INSERT INTO ticket_breach_risk (ticket_id, probability, similar_share, stratum_level, sample_size, target_hours, hours_left, load_factor, likely, likely_since, computed_at)
            VALUES ($1, 0.82, 0.8, 1, 240, 30, 6, 1, true, now(), now())
            ON CONFLICT (ticket_id) DO UPDATE SET probability = 0.82, similar_share = 0.8, likely = true, likely_since = now(), computed_at = now()
            """,
            seeded.Id);
        await ReplyAtRemoteAsync(seeded, "Robin Diaz", $"Log attached {Token()}");

        var file = attachments.Locator($"[data-attachment='{fileId}']");
        await Expect(file).ToHaveCountAsync(1);
        await Expect(file.Locator("a.attachment-name")).ToHaveTextAsync("scanner-log.txt");
        await Expect(file).ToContainTextAsync("Robin Diaz");
        await Expect(file).ToHaveClassAsync(new Regex(@"\bmeta-updated\b"));
        await Expect(attachments.Locator("[data-attachment-count]")).ToHaveTextAsync("(1)");
        await Expect(attachments.Locator("[data-no-attachments]")).ToHaveCountAsync(0);
        var risk = page.GetByTestId("breach-risk");
        await Expect(risk).ToBeVisibleAsync();
        await Expect(risk).ToContainTextAsync("82");
        await Expect(risk).ToHaveClassAsync(new Regex(@"\bmeta-updated\b"));

        // A later answer that changes neither moves neither: the file is not added twice, the card not put in again.
        await Expect(page.Locator("[data-changed-elsewhere]")).Not.ToHaveAttributeAsync("data-answers", answered ?? "0");
        var answers = await page.Locator("[data-changed-elsewhere]").GetAttributeAsync("data-answers");
        await page.EvaluateAsync("() => document.querySelector('[data-testid=breach-risk]').setAttribute('data-seen', '')");
        await e2e.App.ExecuteAsync("UPDATE ticket_breach_risk SET computed_at = now() WHERE ticket_id = $1", seeded.Id);
        await details.ComposerBody.FillAsync($"Thanks, looking at the log {Token()}");
        await details.Composer.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(page.Locator("[data-changed-elsewhere]")).Not.ToHaveAttributeAsync("data-answers", answers ?? "0");
        await Expect(attachments.Locator("[data-attachment]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=breach-risk][data-seen]")).ToHaveCountAsync(1);
        await AxeAndScreenshotsAsync(page, "ticket-side-panel-live", inView: risk);
    }

    [Fact]
    public async Task Relative_times_age_while_the_page_stays_open_and_exact_times_do_not()
    {
        var seeded = await SeedAsync($"Dock keeps disconnecting {Token()}");
        var page = await e2e.SignedInPageAsync();
        // The page's timers run on a clock the test moves, so minutes pass at once (within the idle sign-out's 15).
        await page.Clock.InstallAsync();
        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);
        var opened = details.Timeline.Locator("[data-entry=opening] time");
        await Expect(opened).ToHaveTextAsync("just now");
        var exact = await opened.GetAttributeAsync("title");
        exact.ShouldNotBeNullOrWhiteSpace();

        await page.Clock.FastForwardAsync("05:00");
        await Expect(opened).ToHaveTextAsync(new Regex("^[56] min ago$"));
        await page.Clock.FastForwardAsync("08:00");
        await Expect(opened).ToHaveTextAsync(new Regex("^1[34] min ago$"));
        (await opened.GetAttributeAsync("title")).ShouldBe(exact);
    }

    [Fact]
    public async Task The_ticket_page_answers_to_r_n_e_u_and_question_mark_but_never_while_typing()
    {
        var token = Token();
        var seeded = await SeedAsync($"Keyboard only {token}");
        var page = await e2e.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync($"/Tickets?q={token}");
        await page.GetByRole(AriaRole.Link, new() { Name = seeded.TicketNumber, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync($"**/Tickets/Details/{seeded.Id}");
        var details = new TicketDetailsPage(page);
        var announcer = page.Locator("[data-timeline-announcer]");
        await Expect(page.Locator("[aria-keyshortcuts=r]")).ToHaveTextAsync("Reply");

        await page.Keyboard.PressAsync("?");
        var help = page.GetByTestId("shortcut-help");
        await Expect(help).ToBeVisibleAsync();
        await Expect(help).ToContainTextAsync("Back to the list");
        await Expect(announcer).ToContainTextAsync("Keyboard shortcuts: r reply");
        await AxeAndScreenshotsAsync(page, "ticket-shortcuts");

        await page.SetViewportSizeAsync(1440, 900);
        await page.Keyboard.PressAsync("Escape");
        await Expect(help).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("n");
        await Expect(details.ComposerBody).ToBeFocusedAsync();
        await Expect(page.Locator("#visibility-internal")).ToBeCheckedAsync();
        // Typed letters are text, not shortcuts.
        await page.Keyboard.TypeAsync("run the printer test page");
        await Expect(details.ComposerBody).ToHaveValueAsync("run the printer test page");
        await Expect(page.Locator("#visibility-internal")).ToBeCheckedAsync();
        await details.ComposerBody.BlurAsync();
        await page.Keyboard.PressAsync("r");
        await Expect(details.ComposerBody).ToBeFocusedAsync();
        await Expect(page.Locator("#visibility-public")).ToBeCheckedAsync();
        await details.ComposerBody.BlurAsync();

        await page.Keyboard.PressAsync("e");
        await Expect(details.Title).ToBeFocusedAsync();
        await details.Title.BlurAsync();

        await page.Keyboard.PressAsync("u");
        // Back in history to the list as it was (it may come from the browser's cache, without a new load event).
        await Expect(page).ToHaveURLAsync(new Regex($@"/Tickets\?q={token}$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = seeded.TicketNumber, Exact = true }).First).ToBeVisibleAsync();

        // After the ticket page reloaded itself (a save, Reload), "u" still finds the list this tab showed.
        await details.GotoAsync(seeded.Id);
        await page.ReloadAsync();
        await page.Keyboard.PressAsync("u");
        await Expect(page).ToHaveURLAsync(new Regex($@"/Tickets\?q={token}$"));
    }

    [Fact]
    public async Task A_ticket_deleted_while_its_page_is_open_says_so_and_goes_back_to_the_list_the_tab_showed()
    {
        var token = Token();
        var seeded = await SeedAsync($"Old laptop to recycle {token}");
        var (page, details) = await OpenWithLiveUpdatesAsync(seeded, fromList: $"/Tickets?q={token}");
        await details.ComposerBody.FillAsync("A draft that stays until the reader leaves");

        // Championship IT deletes the ticket; its webhook reaches the mirror.
        e2e.App.Simulator.Store.Delete(seeded.ExternalTicketId, notify: false).ShouldBeTrue();
        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .ApplyDeletionsAsync([new TicketDeletion(seeded.ExternalTicketId, DateTimeOffset.UtcNow)], ChangeSource.Webhook, DateTimeOffset.UtcNow, Ct);
        }

        var notice = page.GetByTestId("changed-elsewhere");
        await Expect(notice).ToContainTextAsync("This ticket was deleted at Championship IT.");
        await Expect(details.ComposerBody).ToHaveValueAsync("A draft that stays until the reader leaves");
        await AxeAndScreenshotsAsync(page, "ticket-deleted-elsewhere");

        await notice.GetByRole(AriaRole.Button, new() { Name = "Back to the list" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/Tickets\?q={token}$"));
    }

    /// <summary>
    /// The ticket's page at 1440×900 for a signed-in admin, once its live connection is up (after showing
    /// <paramref name="fromList"/> first, when given, as a reader coming from a list).
    /// </summary>
    private async Task<(IPage Page, TicketDetailsPage Details)> OpenWithLiveUpdatesAsync(Ticket seeded, string? fromList = null)
    {
        var page = await e2e.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        if (fromList is not null)
        {
            await page.GotoAsync(fromList);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = seeded.TicketNumber, Exact = true }).First).ToBeVisibleAsync();
        }

        var details = new TicketDetailsPage(page);
        await details.GotoAsync(seeded.Id);
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        return (page, details);
    }

    /// <summary>No serious Axe violation, and a screenshot, at 1440×900 and at 390×844 (the page is left at the phone size).</summary>
    private static async Task AxeAndScreenshotsAsync(IPage page, string name, ILocator? inView = null)
    {
        foreach (var (width, height, size) in new[] { (1440, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            if (inView is not null)
            {
                await inView.ScrollIntoViewIfNeededAsync();
            }

            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
            await page.ScreenshotAsync(new() { Path = Screenshot($"{name}-{size}.png") });
        }
    }

    private static string Token() => "w" + Guid.NewGuid().ToString("N")[..10];

    private static string Screenshot(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ticketing.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots", "ticket-page");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, file);
    }

    /// <summary>A ticket created at the remote and mirrored into the cache, as a sync would, with its cache id.</summary>
    private async Task<Ticket> SeedAsync(string title)
    {
        var created = e2e.App.Simulator.Store.Create(
            new NewTicketInput(title, "Seeded by an end-to-end test.", SimPriority.Medium, "Hardware", "IT Operations", "Dana Ruiz", "dana.ruiz@example.com", null, [], "{}"),
            idempotencyKey: null).Ticket;
        await MirrorAsync(created.Id);
        await using var db = e2e.App.Database.CreateDbContext();
        return await db.Tickets.AsNoTracking().SingleAsync(t => t.ExternalTicketId == created.Id, Ct);
    }

    /// <summary>A public reply made at Championship IT and stored in the mirror as its webhook stores it.</summary>
    private async Task ReplyAtRemoteAsync(Ticket seeded, string author, string text)
    {
        var remote = e2e.App.Simulator.Store.AddComment(seeded.ExternalTicketId, author, text).ShouldNotBeNull().Comment;
        await using var scope = e2e.App.Services.CreateAsyncScope();
        var stored = new Ticketing.Domain.Tickets.TicketComment
        {
            ExternalCommentId = remote.Id,
            AuthorName = remote.AuthorName,
            Body = remote.Body,
            Visibility = Ticketing.Domain.Tickets.CommentVisibility.Public,
            CreatedAt = new DateTimeOffset(remote.CreatedAt, TimeSpan.Zero),
        };
        (await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
            .AddCommentAsync(seeded.ExternalTicketId, stored, ChangeSource.Webhook, DateTimeOffset.UtcNow, Ct)).ShouldBeTrue();
    }

    private async Task MirrorAsync(string externalId)
    {
        await using var scope = e2e.App.Services.CreateAsyncScope();
        var remote = scope.ServiceProvider.GetRequiredService<ITicketingApi>();
        var read = (await remote.GetTicketAsync(externalId, Ct)).Ticket;
        await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([read], ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: false, Ct);
    }
}
