using System.Net;
using Shouldly;
using Ticketing.Application.Channels.Commands.SaveMyPreferences;
using Ticketing.Application.Channels.Queries.GetMyChannelSettings;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;

namespace Ticketing.IntegrationTests.Channels;

/// <summary>The admins' defaults page (<c>/Admin/Mail/Defaults</c>) and what a new user starts with.</summary>
public sealed class NotificationDefaultsTests
{
    [Fact]
    public async Task Defaults_saved_on_the_admin_page_are_what_a_new_user_gets_and_a_user_with_own_settings_keeps_theirs()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "notification-defaults" });
        var early = await EmailChannelTests.CreateUserAsync(app, "early.defaults@example.test", null);
        var own = await app.SendAsync(new GetMyChannelSettingsQuery(), TestUser.WithId(early));
        await app.SendAsync(
            new SaveMyPreferencesCommand([.. own.Types.Select(t => new Ticketing.Application.Channels.TypeChoice(t.Type, t.InApp, t.Email, t.Chat))], EmailDelivery.Immediate, 9, "UTC", ChatFormat.Slack, null, false),
            TestUser.WithId(early));

        using var admin = await app.SignedInAsync(TestUser.Admin);
        var form = new Dictionary<string, string>
        {
            ["Input.EmailDelivery"] = nameof(EmailDelivery.DailyDigest),
            ["Input.DigestHour"] = "7",
            ["Input.TimeZoneId"] = "Europe/Lisbon",
        };
        var types = Enum.GetValues<NotificationType>();
        for (var i = 0; i < types.Length; i++)
        {
            form[$"Input.Types[{i}].Type"] = types[i].ToString();
            form[$"Input.Types[{i}].InApp"] = "true";
            if (types[i] != NotificationType.Comment)
            {
                form[$"Input.Types[{i}].Email"] = "true";
            }
        }

        using (var saved = await admin.PostFormAsync("/Admin/Mail/Defaults", form))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await admin.GetHtmlAsync("/Admin/Mail/Defaults")).ShouldContain("The defaults for new users were saved.");
        (await app.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'notification_defaults.update'")).ShouldBe(1);

        var fresh = await EmailChannelTests.CreateUserAsync(app, "new.defaults@example.test", null);
        var settings = await app.SendAsync(new GetMyChannelSettingsQuery(), TestUser.WithId(fresh));
        settings.EmailDelivery.ShouldBe(EmailDelivery.DailyDigest);
        settings.DigestHour.ShouldBe(7);
        settings.TimeZoneId.ShouldBe("Europe/Lisbon");
        settings.Types.Single(t => t.Type == NotificationType.Comment).Email.ShouldBeFalse();
        settings.Types.Single(t => t.Type == NotificationType.Comment).InApp.ShouldBeTrue();
        settings.Types.Single(t => t.Type == NotificationType.Assignment).Email.ShouldBeTrue();
        settings.Types.ShouldAllBe(t => !t.Chat);

        var kept = await app.SendAsync(new GetMyChannelSettingsQuery(), TestUser.WithId(early));
        kept.EmailDelivery.ShouldBe(EmailDelivery.Immediate);
        kept.DigestHour.ShouldBe(9);
        kept.Types.Single(t => t.Type == NotificationType.Comment).Email.ShouldBeTrue();
    }
}
