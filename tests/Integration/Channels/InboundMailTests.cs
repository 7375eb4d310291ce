using Hangfire;
using Hangfire.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Channels.Commands.PollMailbox;
using Ticketing.Domain.Phi;
using Ticketing.IntegrationTests.Hosting;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Channels;

/// <summary>
/// Tickets and replies from e-mail: mails sent over SMTP to a real smtp4dev, read back over its IMAP by the
/// <c>mail-inbound</c> job's command, turned into tickets and comments at the simulator.
/// </summary>
[StartsFirst]
public sealed class InboundMailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_mail_becomes_one_ticket_a_reply_becomes_a_public_comment_and_an_auto_reply_does_nothing()
    {
        await using var app = await EmailChannelTests.StartAsync();
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            connection.GetRecurringJobs().ShouldContain(j => j.Id == "mail-inbound" && j.Cron == "* * * * *");
        }

        // A new mail, sent twice with the same Message-ID (a client's resend): one ticket.
        var subject = $"Printer on floor 3 is jammed {Guid.NewGuid():N}"[..40];
        var messageId = $"{Guid.NewGuid():N}@example.test";
        for (var i = 0; i < 2; i++)
        {
            await SendAsync(app, Mail("Alice Example", "alice.mail@example.test", TestApp.ItMailbox, subject, "It shows error E5 and beeps.\n\n-- \nAlice\nFacilities", messageId));
        }

        var first = await app.SendAsync(new PollMailboxCommand());
        first.Error.ShouldBeNull();
        first.TicketsCreated.ShouldBe(1, "the second copy is the same Message-ID");
        first.Ignored.ShouldBe(1);
        var created = app.Simulator.Store.Snapshot().Where(t => t.Title == subject).ShouldHaveSingleItem();
        created.RequesterEmail.ShouldBe("alice.mail@example.test");
        created.RequesterName.ShouldBe("Alice Example");
        created.Description.ShouldNotBeNull().ShouldContain("error E5");
        (await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", created.Id)).ShouldBe(1);
        (await app.ScalarAsync<string>("SELECT outcome FROM inbound_emails WHERE message_id LIKE $1", "%" + messageId + "%")).ShouldBe("ticket_created");

        // An out-of-office answer is ignored.
        var auto = Mail("Bob Away", "bob.mail@example.test", TestApp.ItMailbox, "Out of office: back Monday", "I am away.", $"{Guid.NewGuid():N}@example.test");
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        await SendAsync(app, auto);

        // A reply to a notification e-mail, with the quoted history under it.
        await EmailChannelTests.CreateUserAsync(app, "sam.inbound@example.test", "agt_in_1");
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        Ticketing.Domain.Tickets.Ticket ticket;
        await using (var db = app.Database.CreateDbContext())
        {
            var open = await db.Tickets.AsNoTracking()
                .Where(t => t.DeletedAt == null && t.Status == Ticketing.Domain.Tickets.TicketStatus.Open && t.ExternalTicketId != created.Id)
                .OrderBy(t => t.TicketNumber).FirstAsync(Ct);
            ticket = EmailChannelTests.Copy(open, t => { t.AssigneeId = "agt_in_1"; t.AssigneeName = "Sam"; t.UpdatedAt = t.UpdatedAt.AddMinutes(5); });
        }

        await EmailChannelTests.UpsertAsync(app, ticket);
        var notification = (await EmailChannelTests.WaitForMailAsync(app, "sam.inbound@example.test", 1)).ShouldHaveSingleItem();
        var replyTo = notification.ReplyTo.Mailboxes.ShouldHaveSingleItem().Address;
        var reply = Mail(
            "Sam", "sam.inbound@example.test", replyTo, "Re: " + notification.Subject,
            "Rebooted the switch, it works again.\n\nOn Sun, 6 Dec 2026 at 10:00, IT Support <it@ticketing.test> wrote:\n> " + ticket.Title,
            $"{Guid.NewGuid():N}@example.test");
        reply.InReplyTo = notification.MessageId;
        reply.References.Add(notification.MessageId!);
        await SendAsync(app, reply);

        var second = await app.SendAsync(new PollMailboxCommand());
        second.Error.ShouldBeNull();
        second.TicketsCreated.ShouldBe(0);
        second.CommentsAdded.ShouldBe(1);
        second.Ignored.ShouldBeGreaterThanOrEqualTo(1, "the auto-reply (and the app's own notification e-mail in the mailbox)");
        app.Simulator.Store.Snapshot().ShouldNotContain(t => t.Title.Contains("Out of office"));
        (await app.ScalarAsync<string>("SELECT outcome FROM inbound_emails WHERE subject = 'Out of office: back Monday'")).ShouldBe("ignored");

        var comment = (app.Simulator.Store.Comments(ticket.ExternalTicketId) ?? []).Where(c => c.AuthorEmail == "sam.inbound@example.test").ShouldHaveSingleItem();
        comment.Body.ShouldBe("Rebooted the switch, it works again.");
        comment.Visibility.ShouldBe(CommentVisibility.Public);
        comment.AuthorEmail.ShouldBe("sam.inbound@example.test");

        // Polling again changes nothing.
        var third = await app.SendAsync(new PollMailboxCommand());
        third.TicketsCreated.ShouldBe(0);
        third.CommentsAdded.ShouldBe(0);
        app.Simulator.Store.Snapshot().Count(t => t.Title == subject).ShouldBe(1);
        (app.Simulator.Store.Comments(ticket.ExternalTicketId) ?? []).Count(c => c.AuthorEmail == "sam.inbound@example.test").ShouldBe(1);
    }

    /// <summary>
    /// Issue 17: a mail that becomes a ticket matching a PHI rule is flagged as it is stored, and a reply by mail to
    /// a PHI ticket is audited as a change of it, like every other write (the poll runs as the system, never refused).
    /// </summary>
    [Fact]
    public async Task A_mail_that_becomes_a_PHI_ticket_is_flagged_and_audited_and_a_reply_to_a_PHI_ticket_is_audited()
    {
        await using var app = await EmailChannelTests.StartAsync();
        await app.SendAsync(new AddPhiRuleCommand("Diagnoses in mail", PhiRuleKind.Pattern, null, "diagnos(is|ed)"), TestUser.Admin);

        var subject = $"Printer for diagnosis letters {Guid.NewGuid():N}"[..45];
        await SendAsync(app, Mail("Dana Ward", "dana.ward@example.test", TestApp.ItMailbox, subject, "The ward printer stops halfway.", $"{Guid.NewGuid():N}@example.test"));

        var poll = await app.SendAsync(new PollMailboxCommand());
        poll.Error.ShouldBeNull();
        poll.TicketsCreated.ShouldBe(1);
        var created = app.Simulator.Store.Snapshot().Where(t => t.Title == subject).ShouldHaveSingleItem();
        var createdId = await app.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE external_ticket_id = $1", created.Id);
        (await app.ScalarAsync<string>("SELECT rule_name FROM ticket_phi WHERE ticket_id = $1", createdId)).ShouldBe("Diagnoses in mail");
        (await app.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'ticket.change' AND ticket_ids = ARRAY[$1] AND details->'details'->>'request' = 'PollMailbox' AND (details->'details'->>'phi')::boolean",
            created.TicketNumber)).ShouldBe(1);

        // A ticket flagged by its description, assigned to Sam (no PHI access); Sam answers its notification by mail.
        await EmailChannelTests.CreateUserAsync(app, "sam.phi@example.test", "agt_phi_1");
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull();
        Ticketing.Domain.Tickets.Ticket ticket;
        await using (var db = app.Database.CreateDbContext())
        {
            var open = await db.Tickets.AsNoTracking()
                .Where(t => t.DeletedAt == null && t.Status == Ticketing.Domain.Tickets.TicketStatus.Open && t.ExternalTicketId != created.Id)
                .OrderBy(t => t.TicketNumber).FirstAsync(Ct);
            ticket = EmailChannelTests.Copy(open, t =>
            {
                t.AssigneeId = "agt_phi_1";
                t.AssigneeName = "Sam";
                t.Description = "Diagnosed with a broken keyboard, the clinic says.";
                t.UpdatedAt = t.UpdatedAt.AddMinutes(5);
            });
        }

        await EmailChannelTests.UpsertAsync(app, ticket);
        var ticketId = await EmailChannelTests.CachedIdAsync(app, ticket);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_phi WHERE ticket_id = $1", ticketId)).ShouldBe(1);
        var notification = (await EmailChannelTests.WaitForMailAsync(app, "sam.phi@example.test", 1)).ShouldHaveSingleItem();
        notification.TextBody.ShouldNotBeNull().ShouldNotContain("broken keyboard", Case.Insensitive, "Sam may not read the PHI ticket's text");
        var reply = Mail(
            "Sam", "sam.phi@example.test", notification.ReplyTo.Mailboxes.ShouldHaveSingleItem().Address, "Re: " + notification.Subject,
            "Swapped the keyboard.", $"{Guid.NewGuid():N}@example.test");
        reply.InReplyTo = notification.MessageId;
        await SendAsync(app, reply);

        var second = await app.SendAsync(new PollMailboxCommand());
        second.Error.ShouldBeNull();
        second.CommentsAdded.ShouldBe(1);
        (app.Simulator.Store.Comments(ticket.ExternalTicketId) ?? []).ShouldContain(c => c.AuthorEmail == "sam.phi@example.test" && c.Body == "Swapped the keyboard.");
        (await app.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'ticket.change' AND ticket_ids = ARRAY[$1] AND details->'details'->>'request' = 'PollMailbox'",
            ticket.TicketNumber)).ShouldBe(1);
    }

    private static MimeMessage Mail(string fromName, string from, string to, string subject, string body, string messageId)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = messageId;
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private static async Task SendAsync(TestApp app, MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(MailServer.Host, app.Mail.SmtpPort, SecureSocketOptions.None, Ct);
        await smtp.SendAsync(message, Ct);
        await smtp.DisconnectAsync(true, Ct);
    }
}
