using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Commands.SaveMyPreferences;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Infrastructure.Channels;
using Ticketing.Infrastructure.Notifications;

namespace Ticketing.IntegrationTests.Channels;

/// <summary>Daily digests at the user's hour in the user's zone, through the real mail server.</summary>
public sealed class DigestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_days_notifications_arrive_as_one_digest_at_the_users_hour_in_their_zone()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(new TestAppOptions
        {
            Purpose = "digest",
            Hosting = AppHosting.Composed,
            MailServer = true,
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        });
        var sam = await EmailChannelTests.CreateUserAsync(app, "sam.digest@example.test", "agt_digest_1");
        const string zone = "America/New_York";
        await app.SendAsync(
            new SaveMyPreferencesCommand([new TypeChoice(NotificationType.StatusChange, InApp: true, Email: false, Chat: false)], EmailDelivery.DailyDigest, 8, zone, ChatFormat.Slack, null, false),
            TestUser.WithId(sam));

        var first = await EmailChannelTests.AssignAsync(app, "agt_digest_1");
        var second = await EmailChannelTests.AssignAsync(app, "agt_digest_1");
        var dispatcher = app.Services.GetRequiredService<NotificationDispatcher>();
        while (await dispatcher.DispatchOnceAsync(Ct) > 0)
        {
        }

        var worker = app.Services.GetRequiredService<ChannelWorker>();
        await worker.RunRoundAsync(Ct);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_digest_items WHERE user_id = $1 AND digested_at IS NULL", sam)).ShouldBe(2);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE user_id = $1", sam)).ShouldBe(0);

        var dueAt = await app.ScalarAsync<DateTime>("SELECT min(due_at) FROM email_digest_items WHERE user_id = $1", sam);
        var ny = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var localDue = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(dueAt, DateTimeKind.Utc), ny);
        localDue.Hour.ShouldBe(8);
        localDue.Minute.ShouldBe(0);

        // A minute before the hour nothing goes; at the hour one e-mail holds both.
        clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(dueAt, DateTimeKind.Utc)).AddMinutes(-1));
        await worker.RunRoundAsync(Ct);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE user_id = $1", sam)).ShouldBe(0);
        clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(dueAt, DateTimeKind.Utc)));
        await worker.RunRoundAsync(Ct);
        await worker.RunRoundAsync(Ct);

        var digest = (await EmailChannelTests.WaitForMailAsync(app, "sam.digest@example.test", 1)).ShouldHaveSingleItem();
        digest.Subject.ShouldBe($"Your IT notifications for {localDue.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)} ({zone}) (2)");
        digest.TextBody!.ShouldContain(first.TicketNumber);
        digest.TextBody!.ShouldContain(second.TicketNumber);
        digest.HtmlBody!.ShouldContain(first.TicketNumber);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_digest_items WHERE user_id = $1 AND digested_at IS NULL", sam)).ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM email_messages WHERE user_id = $1 AND kind = 'digest' AND state = 'sent'", sam)).ShouldBe(1);
    }
}
