using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Shouldly;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Commands.SaveMyPreferences;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Reports.Commands.SendDueReports;
using Ticketing.Application.Reports.Commands.SubscribeToReport;
using Ticketing.Application.Reports.Commands.UnsubscribeFromReport;
using Ticketing.Application.Reports.Queries.GetReportSubscriptions;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Phi;
using Ticketing.Domain.Reports;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Channels;
using Ticketing.IntegrationTests.Channels;

namespace Ticketing.IntegrationTests.Reports;

/// <summary>
/// Scheduled analytics reports through the e-mail queue to the real local mail server (smtp4dev), at the
/// recipient's hour in the recipient's zone, once per scheduled time, until the e-mail's stop link is used.
/// </summary>
public sealed class ScheduledReportTests
{
    private const string Secret = "zebrafinch";
    private const string Zone = "America/New_York";
    private const string Address = "sam.reports@example.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_due_weekly_report_arrives_once_with_its_pdf_at_the_recipients_hour_until_the_stop_link_is_used()
    {
        // Monday 30 Nov 2026, 15:00 UTC; the report is for Tuesdays at 09:00 in New York (14:00 UTC).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(new TestAppOptions
        {
            Purpose = "report-schedule",
            Hosting = AppHosting.Composed,
            MailServer = true,
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        });
        await app.SendAsync(new AddPhiRuleCommand("Diagnoses", PhiRuleKind.Pattern, null, "diagnosis"), TestUser.Admin);
        var phi = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        phi.Title = $"Diagnosis {Secret} on the ward laptop";
        phi.Category = "Hardware";
        await app.ReplaceTicketsAsync(
            phi,
            TicketFactory.Create(TicketStatus.Open, TicketPriority.High, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)),
            TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)));

        var sam = await EmailChannelTests.CreateUserAsync(app, Address, null);
        await app.SendAsync(
            new SaveMyPreferencesCommand([new TypeChoice(NotificationType.StatusChange, InApp: true, Email: false, Chat: false)], EmailDelivery.Immediate, 8, Zone, ChatFormat.Slack, null, false),
            TestUser.WithId(sam));
        // An admin subscribes Sam: high-priority tickets, the last 7 days.
        await app.SendAsync(new SubscribeToReportCommand(sam, ReportFrequency.Weekly, (int)DayOfWeek.Tuesday, 9, 7, [], [], ["high"], Letter: false), TestUser.Admin);
        var listed = (await app.SendAsync(new GetReportSubscriptionsQuery(), TestUser.WithId(sam))).ShouldHaveSingleItem();
        listed.NextAt.ShouldBe(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero));

        // 13:30 UTC is past 09:00 in UTC but 08:30 in New York: nothing yet.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 13, 30, 0, TimeSpan.Zero));
        (await app.SendAsync(new SendDueReportsCommand())).ShouldBe(0);

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero));
        (await app.SendAsync(new SendDueReportsCommand())).ShouldBe(1);
        (await app.SendAsync(new SendDueReportsCommand())).ShouldBe(0, "a rerun queues nothing twice");
        // Another instance that did not see the mark still cannot queue it twice: the key is the e-mail's.
        await app.ExecuteAsync("UPDATE report_subscriptions SET last_occurrence = NULL");
        (await app.SendAsync(new SendDueReportsCommand())).ShouldBe(0);

        var worker = app.Services.GetRequiredService<ChannelWorker>();
        await worker.RunRoundAsync(Ct);
        var mail = (await EmailChannelTests.WaitForMailAsync(app, Address, 1)).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Weekly IT support report: 24 Nov 2026 to 30 Nov 2026");
        var pdf = mail.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        pdf.ContentType.MimeType.ShouldBe("application/pdf");
        pdf.FileName.ShouldBe("analytics-2026-11-24-2026-11-30.pdf");
        using var content = new MemoryStream();
        await pdf.Content.ShouldNotBeNull().DecodeToAsync(content, Ct);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(content.ToArray()))
        {
            var text = string.Join('\n', document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
            text.ShouldContain("Period: Tue 24 Nov 2026 to Mon 30 Nov 2026 (7 days)");
            text.ShouldContain($"Days run from midnight to midnight in {Zone}.");
            text.ShouldContain("Filters: priority High.");
            text.ShouldContain("Created 2", customMessage: "the two high-priority tickets created in the period");
            // Sam has no PHI access: the report is counts, and no ticket's text reaches it.
            text.ShouldNotContain(Secret, Case.Insensitive);
        }

        var unsubscribe = mail.Headers[HeaderId.ListUnsubscribe].ShouldNotBeNull().Trim('<', '>');
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        unsubscribe.ShouldContain("/unsubscribe/report/");

        // A later run of the same hour, and the queue's next rounds, send nothing more.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 14, 5, 0, TimeSpan.Zero));
        (await app.SendAsync(new SendDueReportsCommand())).ShouldBe(0);
        await worker.RunRoundAsync(Ct);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE kind = 'report'")).ShouldBe(1);

        // The one-click stop link (no sign-in) ends it: next Tuesday nothing is queued.
        var token = Uri.UnescapeDataString(unsubscribe[(unsubscribe.LastIndexOf('/') + 1)..]);
        (await app.SendAsync(new UnsubscribeFromReportCommand(token), TestUser.Anonymous)).Schedule.ShouldNotBeNull();
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 14, 0, 0, TimeSpan.Zero));
        (await app.SendAsync(new SendDueReportsCommand())).ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM report_subscriptions")).ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.unsubscribe'")).ShouldBe(1);
    }

    [Fact]
    public async Task Staff_subscribe_only_themselves_and_see_only_their_own()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "report-own", Hosting = AppHosting.Composed });
        var other = await EmailChannelTests.CreateUserAsync(app, "other.reports@example.test", null);

        await Should.ThrowAsync<ForbiddenAccessException>(() =>
            app.SendAsync(new SubscribeToReportCommand(other, ReportFrequency.Monthly, 1, 8, 30, [], [], [], false), TestUser.Staff));
        await app.SendAsync(new SubscribeToReportCommand(null, ReportFrequency.Monthly, 1, 8, 30, [], [], [], false), TestUser.Staff);
        await app.SendAsync(new SubscribeToReportCommand(other, ReportFrequency.Weekly, 1, 8, 7, [], [], [], false), TestUser.Admin);

        (await app.SendAsync(new GetReportSubscriptionsQuery(), TestUser.Staff)).ShouldHaveSingleItem().Schedule.ShouldBe("Monthly, on day 1 at 08:00");
        (await app.SendAsync(new GetReportSubscriptionsQuery(), TestUser.Admin)).Count.ShouldBe(2);
        await Should.ThrowAsync<ValidationException>(() =>
            app.SendAsync(new SubscribeToReportCommand(null, ReportFrequency.Monthly, 31, 8, 30, [], [], [], false), TestUser.Staff));
    }
}
