using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Phi.Commands.BreakGlass;
using Ticketing.Application.Tickets.Queries.GetTicketPdf;
using Ticketing.Domain.Phi;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.IntegrationTests.Reports;

/// <summary>
/// The single-ticket PDF (issue 21) read back with PdfPig: what the ticket page shows, in reading
/// order, on the paper asked for, and masked for a reader without PHI access exactly as the page is.
/// </summary>
public sealed class TicketPdfTests
{
    private const string Secret = "zebrafinch";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pdf_holds_the_title_conversation_history_and_files_in_reading_order_on_the_paper_asked_for()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "ticket-pdf" });
        var ticket = TicketFactory.Create(title: "Printer on floor 3 prints blank pages");
        ticket.Description = "Since Monday every job comes out blank.\nToner was replaced.";
        await app.ReplaceTicketsAsync(ticket);
        await AddActivityAsync(app, ticket, reply: "Please try the manual feed tray.", note: "Vendor ticket 8841 opened.");

        using var staff = await app.SignedInAsync(TestUser.Staff);
        var page = await staff.GetHtmlAsync($"/Tickets/Details/{ticket.Id}");
        page.ShouldContain("handler=Pdf");

        using var a4 = await staff.GetAsync($"/Tickets/Details/{ticket.Id}?handler=Pdf&paper=a4");
        a4.StatusCode.ShouldBe(HttpStatusCode.OK);
        a4.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        a4.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"{ticket.TicketNumber}.pdf");
        var (text, width, height) = Read(await a4.Content.ReadAsByteArrayAsync(Ct));
        width.ShouldBe(595, tolerance: 1);
        height.ShouldBe(842, tolerance: 1);
        text.ShouldContain($"{ticket.TicketNumber} Printer on floor 3 prints blank pages");
        text.ShouldContain("Toner was replaced.");
        text.ShouldContain("Please try the manual feed tray.");
        text.ShouldContain("Internal note (agents only)");
        text.ShouldContain("Vendor ticket 8841 opened.");
        text.ShouldContain("Status: Open → In progress (via webhook)");
        text.ShouldContain("screenshot.png — PNG image, 18 KiB");
        text.ShouldContain("every time is in UTC");
        // Reading order: fields, description, conversation, history, files.
        Order(text, "Details", "Description", "Conversation", "Please try the manual feed tray.", "History", "Status: Open → In progress", "Files");

        // A tagged PDF: the heading, the sections' headings and the paragraphs are structure elements.
        using (var tagged = UglyToad.PdfPig.PdfDocument.Open(await a4.Content.ReadAsByteArrayAsync(Ct)))
        {
            var types = TaggedPdf.Structure(tagged).Select(e => e.Type).ToList();
            types.Count(t => t == "H1").ShouldBe(1);
            types.Count(t => t == "H2").ShouldBeGreaterThanOrEqualTo(4);
            types.Count(t => t == "P").ShouldBeGreaterThan(5);
            tagged.Information.Title.ShouldNotBeNullOrWhiteSpace();
        }

        using var letter = await staff.GetAsync($"/Tickets/Details/{ticket.Id}?handler=Pdf&paper=letter");
        var (_, letterWidth, letterHeight) = Read(await letter.Content.ReadAsByteArrayAsync(Ct));
        letterWidth.ShouldBe(612, tolerance: 1);
        letterHeight.ShouldBe(792, tolerance: 1);

        // Without a choice the browser's region decides: en-US prints on Letter, de-DE on A4.
        foreach (var (language, expectedWidth) in new[] { ("en-US,en;q=0.9", 612), ("de-DE,de;q=0.9", 595) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/Tickets/Details/{ticket.Id}?handler=Pdf");
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await staff.SendAsync(request);
            Read(await response.Content.ReadAsByteArrayAsync(Ct)).Width.ShouldBe(expectedWidth, tolerance: 1);
        }

        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.export' AND $1 = ANY(ticket_ids) AND user_id IS NOT NULL", ticket.TicketNumber))
            .ShouldBe(4, "each download is an export in the audit log");
    }

    [Fact]
    public async Task Times_are_in_the_readers_zone()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "ticket-pdf-zone", Hosting = AppHosting.Composed });
        var ticket = TicketFactory.Create(title: "Badge reader");
        ticket.CreatedAt = new DateTimeOffset(2026, 11, 30, 22, 30, 0, TimeSpan.Zero);
        await app.ReplaceTicketsAsync(ticket);

        var pdf = await app.SendAsync(new GetTicketPdfQuery(ticket.Id, PaperSize.A4, "Asia/Kolkata"), TestUser.Staff);

        var text = Read(pdf.Content).Text;
        text.ShouldContain("every time is in Asia/Kolkata");
        text.ShouldContain("Created: 1 Dec 2026, 04:00");
    }

    [Fact]
    public async Task A_reader_without_phi_access_gets_the_restricted_ticket_until_break_glass_opens_it()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "ticket-pdf-phi", Hosting = AppHosting.Composed });
        await app.SendAsync(new AddPhiRuleCommand("Diagnoses", PhiRuleKind.Pattern, null, "diagnosis"), TestUser.Admin);
        var ticket = TicketFactory.Create(title: $"Ward 7 {Secret} laptop");
        ticket.Description = $"Diagnosis: {Secret} syndrome; the laptop will not boot.";
        ticket.AssigneeName = "Sam Ito";
        await app.ReplaceTicketsAsync(ticket);
        await AddActivityAsync(app, ticket, reply: $"Patient {Secret} moved to ward 8.", note: "Reimaged.");

        var masked = Read((await app.SendAsync(new GetTicketPdfQuery(ticket.Id, PaperSize.A4, "UTC"), TestUser.Staff)).Content).Text;

        masked.ShouldContain($"{ticket.TicketNumber} {PhiMask.Text}");
        masked.ShouldContain("Assignee: Sam Ito");
        masked.ShouldContain("you do not have PHI access");
        masked.ShouldNotContain(Secret, Case.Insensitive);
        masked.ShouldNotContain("Reimaged.");
        masked.ShouldNotContain("screenshot.png");
        (await app.ScalarAsync<bool>("SELECT (details->'details'->>'masked')::boolean FROM audit_log WHERE action = 'ticket.export' AND $1 = ANY(ticket_ids)", ticket.TicketNumber))
            .ShouldBeTrue();

        await app.SendAsync(new BreakGlassCommand(ticket.Id, "On call: the ward cannot print discharge papers."), TestUser.Staff);
        var whole = Read((await app.SendAsync(new GetTicketPdfQuery(ticket.Id, PaperSize.A4, "UTC"), TestUser.Staff)).Content).Text;
        whole.ShouldContain($"Patient {Secret} moved to ward 8.");
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.view' AND $1 = ANY(ticket_ids)", ticket.TicketNumber)).ShouldBe(1);
    }

    /// <summary>A public reply, an internal note, a status change and a file, as the mirror records them.</summary>
    private static Task AddActivityAsync(TestApp app, Ticket ticket, string reply, string note) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TicketingDbContext>();
            var at = ticket.CreatedAt;
            db.TicketComments.Add(new TicketComment
            {
                TicketId = ticket.Id, ExternalCommentId = "c-1", AuthorName = "Alex Agent", AuthorEmail = "alex@example.test",
                Body = reply, Visibility = CommentVisibility.Public, CreatedAt = at.AddHours(1),
            });
            db.TicketComments.Add(new TicketComment
            {
                TicketId = ticket.Id, ExternalCommentId = "c-2", AuthorName = "Alex Agent", Body = note, Visibility = CommentVisibility.Internal, CreatedAt = at.AddHours(2),
            });
            db.TicketHistory.Add(new TicketHistoryEntry
            {
                TicketId = ticket.Id, Field = "status", OldValue = "open", NewValue = "in_progress", ChangedAt = at.AddHours(3), RecordedAt = at.AddHours(3), Source = ChangeSource.Webhook,
            });
            db.TicketAttachments.Add(new TicketAttachment
            {
                TicketId = ticket.Id, ExternalAttachmentId = "a-1", FileName = "screenshot.png", ContentType = "image/png", SizeBytes = 18 * 1024, UploadedByName = "Alex Agent", CreatedAt = at.AddHours(4),
            });
            await db.SaveChangesAsync(Ct);
        });

    private static (string Text, double Width, double Height) Read(byte[] bytes)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var first = pdf.GetPage(1);
        return (string.Join('\n', pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text)))), first.Width, first.Height);
    }

    private static void Order(string text, params string[] parts)
    {
        for (var i = 1; i < parts.Length; i++)
        {
            text.IndexOf(parts[i - 1], StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf(parts[i], StringComparison.Ordinal), $"“{parts[i - 1]}” comes before “{parts[i]}”");
        }
    }
}
