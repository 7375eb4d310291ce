using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;
using Ticketing.Application.Admin.Channels.Commands.SendTestEmail;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Identity;
using Ticketing.IntegrationTests.Hosting;

namespace Ticketing.IntegrationTests.Channels;

/// <summary>
/// Notification e-mails end to end: a ticket change, the notification rules, the channel queue and worker,
/// MailKit, and a real SMTP server (smtp4dev) whose messages are read back as sent.
/// </summary>
[StartsFirst]
public sealed class EmailChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_assignment_email_arrives_with_both_bodies_threading_and_unsubscribe_headers()
    {
        await using var app = await StartAsync();
        var sam = await CreateUserAsync(app, "sam.assign@example.test", "agt_mail_1");
        var ticket = await AssignAsync(app, "agt_mail_1");

        var message = (await WaitForMailAsync(app, "sam.assign@example.test", 1)).ShouldHaveSingleItem();
        var ticketId = await CachedIdAsync(app, ticket);

        message.Subject.ShouldBe($"[{ticket.TicketNumber}] {ticket.Title}");
        message.TextBody.ShouldNotBeNullOrWhiteSpace();
        message.HtmlBody.ShouldNotBeNullOrWhiteSpace();
        message.TextBody.ShouldContain($"/Tickets/Details/{ticketId}");
        message.HtmlBody.ShouldContain($"/Tickets/Details/{ticketId}");
        var notificationId = await app.ScalarAsync<Guid>("SELECT id FROM ticket_notifications WHERE user_id = $1", sam);
        message.TextBody.ShouldContain((await app.ScalarAsync<string>("SELECT title FROM ticket_notifications WHERE id = $1", notificationId))!);
        message.MessageId.ShouldBe($"n.{notificationId:N}@ticketing.test");
        message.InReplyTo.ShouldBe($"ticket.{ticketId:N}@ticketing.test");
        message.References.ShouldBe([$"ticket.{ticketId:N}@ticketing.test"]);
        message.Headers["List-Unsubscribe"]!.ShouldMatch(@"^<http.*/unsubscribe/.+>$");
        message.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        message.Headers["Auto-Submitted"].ShouldBe("auto-generated");
        var replyTo = message.ReplyTo.Mailboxes.ShouldHaveSingleItem().Address;
        replyTo.ShouldStartWith("it+");
        replyTo.ShouldEndWith("@ticketing.test");
        (await app.ScalarAsync<string>("SELECT state FROM email_messages WHERE notification_id = $1", notificationId)).ShouldBe("sent");
    }

    [Fact]
    public async Task One_click_unsubscribe_works_without_sign_in_and_only_for_that_type()
    {
        await using var app = await StartAsync();
        var sam = await CreateUserAsync(app, "sam.unsub@example.test", "agt_mail_2");
        var ticket = await AssignAsync(app, "agt_mail_2");
        var first = (await WaitForMailAsync(app, "sam.unsub@example.test", 1)).ShouldHaveSingleItem();
        var link = new Uri(first.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        var path = link.PathAndQuery;

        using (var ask = await app.Client.GetAsync(path, Ct))
        {
            ask.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await ask.Content.ReadAsStringAsync(Ct)).ShouldContain("Stop e-mails about assignment");
        }

        // RFC 8058: what a mail client sends, with no cookie and no antiforgery token.
        using (var oneClick = await app.Client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct))
        {
            oneClick.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await oneClick.Content.ReadAsStringAsync(Ct)).ShouldContain("You no longer receive e-mails about assignment");
        }

        using (var forged = await app.Client.PostAsync(path + "x", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct))
        {
            forged.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await app.ScalarAsync<string[]>("SELECT email_off FROM notification_preferences WHERE user_id = $1", sam)).ShouldBe(["assignment"]);
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'notifications.unsubscribe'")).ShouldBe(1);

        // A reassignment (switched off) and then a status change (still on): only the status change is
        // mailed. Read first, so the rules make new notifications rather than fold into the unread one.
        await app.ExecuteAsync("UPDATE ticket_notifications SET is_read = true, read_at = now()");
        await UpsertAsync(app, Copy(ticket, t => { t.AssigneeId = null; t.UpdatedAt = t.UpdatedAt.AddMinutes(1); }));
        await UpsertAsync(app, Copy(ticket, t => { t.AssigneeId = "agt_mail_2"; t.UpdatedAt = t.UpdatedAt.AddMinutes(2); }));
        await Eventually.UntilAsync(async () => await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE processed_at IS NULL") == 0, "the reassignment is dispatched");
        await app.ExecuteAsync("UPDATE ticket_notifications SET is_read = true, read_at = now()");
        await UpsertAsync(app, Copy(ticket, t => { t.AssigneeId = "agt_mail_2"; t.Status = TicketStatus.Resolved; t.UpdatedAt = t.UpdatedAt.AddMinutes(3); }));
        var mails = await WaitForMailAsync(app, "sam.unsub@example.test", 2);
        mails.Count.ShouldBe(2);
        mails[1].TextBody!.ShouldContain("resolved", Case.Insensitive);
        var assignments = await app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications WHERE user_id = $1 AND notification_type = 'assignment'", sam);
        assignments.ShouldBe(2);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE user_id = $1", sam)).ShouldBe(2);
    }

    [Fact]
    public async Task A_change_folded_into_an_unread_notification_is_mailed_too_once_per_fold()
    {
        await using var app = await StartAsync();
        var sam = await CreateUserAsync(app, "sam.fold@example.test", "agt_mail_5");
        var ticket = await AssignAsync(app, "agt_mail_5");
        var first = (await WaitForMailAsync(app, "sam.fold@example.test", 1)).ShouldHaveSingleItem();

        // Within the minute, unread: the rules fold the status change into the same notification (an UPDATE).
        await UpsertAsync(app, Copy(ticket, t => { t.Status = TicketStatus.Resolved; t.UpdatedAt = t.UpdatedAt.AddMinutes(1); }));
        var mails = await WaitForMailAsync(app, "sam.fold@example.test", 2);

        var notificationId = await app.ScalarAsync<Guid>("SELECT id FROM ticket_notifications WHERE user_id = $1", sam);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications WHERE user_id = $1", sam)).ShouldBe(1, "the change was folded, not told apart");
        (await app.ScalarAsync<int>("SELECT fold_version FROM ticket_notifications WHERE id = $1", notificationId)).ShouldBe(1);
        first.MessageId.ShouldBe($"n.{notificationId:N}@ticketing.test");
        var folded = mails.Single(m => m.MessageId != first.MessageId);
        folded.MessageId.ShouldBe($"n.{notificationId:N}.f1@ticketing.test");
        folded.TextBody!.ShouldContain("Resolved");
        folded.InReplyTo.ShouldBe(first.InReplyTo, "both versions are in the ticket's thread");

        // Marking it read is an UPDATE too, but no fold: nothing more is queued or sent.
        await app.ExecuteAsync("UPDATE ticket_notifications SET is_read = true, read_at = now()");
        var worker = app.Services.GetRequiredService<Ticketing.Infrastructure.Channels.ChannelWorker>();
        await worker.RunRoundAsync(Ct);
        (await app.ScalarAsync<long>("SELECT count(*) FROM notification_channel_queue")).ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE notification_id = $1", notificationId)).ShouldBe(2);
        (await app.Mail.MessagesToAsync("sam.fold@example.test", Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_transient_smtp_failure_is_retried_and_the_email_delivered_once()
    {
        await using var app = await StartAsync();
        await CreateUserAsync(app, "sam.retry@example.test", "agt_mail_3");

        // The server "goes away": its port is closed, so every connection is refused.
        await app.ExecuteAsync("UPDATE mail_settings SET smtp_port = 9");
        await AssignAsync(app, "agt_mail_3");
        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE to_address = 'sam.retry@example.test' AND state = 'queued' AND attempts >= 2 AND last_error LIKE '%could not be reached%'") == 1,
            "the e-mail is waiting for a retry after failed attempts");
        (await app.Mail.MessagesToAsync("sam.retry@example.test", Ct)).ShouldBeEmpty();

        await app.ExecuteAsync("UPDATE mail_settings SET smtp_port = $1", app.Mail.SmtpPort);
        var delivered = await WaitForMailAsync(app, "sam.retry@example.test", 1);
        (await app.ScalarAsync<string>("SELECT state FROM email_messages WHERE to_address = 'sam.retry@example.test'")).ShouldBe("sent");

        // Later rounds find nothing left to send.
        var worker = app.Services.GetRequiredService<Ticketing.Infrastructure.Channels.ChannelWorker>();
        await worker.RunRoundAsync(Ct);
        (await app.Mail.MessagesToAsync("sam.retry@example.test", Ct)).Select(m => m.MessageId).ShouldBe([delivered.Single().MessageId]);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_email_with_its_reason_for_admins()
    {
        await using var app = await StartAsync();
        await CreateUserAsync(app, "sam.refused@example.test", "agt_mail_4");
        await app.ExecuteAsync("UPDATE users SET email = 'not an address' WHERE normalized_email = 'SAM.REFUSED@EXAMPLE.TEST'");
        await AssignAsync(app, "agt_mail_4");

        var reason = await Eventually.WaitAsync<string?>(
            () => app.ScalarAsync<string>("SELECT last_error FROM email_messages WHERE state = 'failed' AND to_address = 'not an address'"),
            error => error is not null,
            "the e-mail fails for good");
        reason.ShouldNotBeNullOrWhiteSpace();
        var overview = await app.SendAsync(new Ticketing.Application.Admin.Channels.Queries.GetDeliveryOverview.GetDeliveryOverviewQuery(), TestUser.Admin);
        overview.Queues.EmailsFailed.ShouldBe(1);
        overview.Queues.Failures.ShouldHaveSingleItem().Reason.ShouldBe(reason);
    }

    [Fact]
    public async Task The_admins_test_email_arrives()
    {
        await using var app = await StartAsync();
        var result = await app.SendAsync(new SendTestEmailCommand("someone@example.test"), TestUser.Admin);
        result.Succeeded.ShouldBeTrue(result.Message);
        var message = (await WaitForMailAsync(app, "someone@example.test", 1)).ShouldHaveSingleItem();
        message.Subject.ShouldBe("Test e-mail from IT Ticketing");
        message.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe(TestApp.ItMailbox);
        await Should.ThrowAsync<Ticketing.Application.Common.Exceptions.ForbiddenAccessException>(() => app.SendAsync(new SendTestEmailCommand("x@example.test"), TestUser.Staff));
    }

    internal static Task<TestApp> StartAsync() => TestApp.StartAsync(new TestAppOptions { Purpose = "email", MailServer = true });

    internal static async Task<IReadOnlyList<MimeMessage>> WaitForMailAsync(TestApp app, string address, int count) =>
        await Eventually.WaitAsync(
            () => app.Mail.MessagesToAsync(address, Ct),
            messages => messages.Count >= count,
            $"{count} e-mail(s) reach {address}",
            TimeSpan.FromSeconds(60));

    internal static Task<string> CreateUserAsync(TestApp app, string email, string? remoteAssigneeId) =>
        app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "Sam", RemoteAssigneeId = remoteAssigneeId, CreatedAt = DateTimeOffset.UtcNow };
            (await users.CreateAsync(user, "A-long-enough-password-1")).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, Roles.Staff)).Succeeded.ShouldBeTrue();
            return user.Id;
        });

    /// <summary>A new ticket, then assigned to <paramref name="assigneeId"/> by a webhook: the rules notify the mapped user.</summary>
    internal static async Task<Ticket> AssignAsync(TestApp app, string assigneeId, DateTimeOffset? dueDate = null)
    {
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-2), dueDate: dueDate);
        await UpsertAsync(app, ticket);
        var assigned = Copy(ticket, t => { t.AssigneeId = assigneeId; t.AssigneeName = "Sam"; t.UpdatedAt = ticket.UpdatedAt.AddMinutes(5); });
        await UpsertAsync(app, assigned);
        return assigned;
    }

    /// <summary>The ticket's id in the app's mirror (what links and threads use).</summary>
    internal static Task<Guid> CachedIdAsync(TestApp app, Ticket ticket) =>
        app.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE ticket_number = $1", ticket.TicketNumber);

    internal static async Task UpsertAsync(TestApp app, Ticket ticket) =>
        await app.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([ticket], ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, Ct));

    internal static Ticket Copy(Ticket source, Action<Ticket> change)
    {
        var copy = (Ticket)typeof(Ticket).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(source, null)!;
        change(copy);
        return copy;
    }
}
