using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Channels.Commands.SaveChatChannel;
using Ticketing.Application.Admin.Channels.Commands.SendTestChatPost;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator.Chat;

namespace Ticketing.IntegrationTests.Channels;

/// <summary>
/// Team chat channels end to end: an admin's channel and its rule, the notification rules, the channel
/// queue and worker, and the simulator's incoming webhooks (<c>/_sim/chat/{channel}</c>) over HTTP on loopback.
/// </summary>
public sealed class ChatChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_channel_gets_a_post_per_matching_notification_and_a_rate_limited_one_waits_for_its_Retry_After()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "chat" });
        await EmailChannelTests.CreateUserAsync(app, "sam.chat@example.test", "agt_chat_1");
        var critical = await SaveAsync(app, "#it-critical", "it-critical", types: [], priorities: [TicketPriority.Critical, TicketPriority.Urgent]);
        await SaveAsync(app, "#it-assignments", "it-assignments", types: [NotificationType.Assignment], priorities: []);

        // The webhook address is a credential: stored protected, shown only as a hint.
        var stored = (await app.ScalarAsync<string>("SELECT webhook_url_protected FROM chat_channels WHERE id = $1", critical))!;
        stored.ShouldNotContain("_sim/chat");
        (await app.ScalarAsync<string>("SELECT webhook_hint FROM chat_channels WHERE id = $1", critical)).ShouldNotBeNullOrWhiteSpace();

        // A high-priority assignment: only the assignments channel's rule matches.
        app.Simulator.Chat.Throttle("it-assignments", 1, TimeSpan.FromSeconds(2));
        var high = await AssignAsync(app, TicketPriority.High);
        var first = await WaitForPostsAsync(app, "it-assignments", 1);
        Text(first[0]).ShouldContain(high.TicketNumber);
        app.Simulator.Chat.Throttled("it-assignments").ShouldBe(1, "the first try was answered 429 and retried after Retry-After");
        var queuedAt = await app.ScalarAsync<DateTime>("SELECT min(created_at) FROM chat_posts WHERE target_key LIKE 'channel:%'");
        var waited = first[0].ReceivedAt - new DateTimeOffset(DateTime.SpecifyKind(queuedAt, DateTimeKind.Utc));
        waited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2), "the retry waited as long as Retry-After said");

        // A critical assignment: both channels, once each.
        var urgent = await AssignAsync(app, TicketPriority.Critical);
        Text((await WaitForPostsAsync(app, "it-critical", 1)).ShouldHaveSingleItem()).ShouldContain(urgent.TicketNumber);
        Text((await WaitForPostsAsync(app, "it-assignments", 2))[1]).ShouldContain(urgent.TicketNumber);

        // Further rounds send nothing twice.
        var worker = app.Services.GetRequiredService<Ticketing.Infrastructure.Channels.ChannelWorker>();
        await worker.RunRoundAsync(Ct);
        app.Simulator.Chat.Posts("it-critical").Count.ShouldBe(1);
        app.Simulator.Chat.Posts("it-assignments").Count.ShouldBe(2);

        // The admin's test message.
        var test = await app.SendAsync(new SendTestChatPostCommand(critical), TestUser.Admin);
        test.Succeeded.ShouldBeTrue(test.Message);
        Text(app.Simulator.Chat.Posts("it-critical")[^1]).ShouldContain("Test message from Ticketing for #it-critical");
        await Should.ThrowAsync<Ticketing.Application.Common.Exceptions.ForbiddenAccessException>(() => app.SendAsync(new SendTestChatPostCommand(critical), TestUser.Staff));
    }

    [Fact]
    public async Task The_simulator_lists_what_a_channel_received_over_http()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions { Purpose = "chat-receiver" });
        using var client = new HttpClient { BaseAddress = app.Simulator.BaseUrl };
        using (var post = await client.PostAsync("/_sim/chat/demo", new StringContent("""{"text":"hello"}""", System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            post.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var list = await client.GetAsync("/_sim/chat/demo", Ct);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("posts")[0].GetProperty("body").GetProperty("text").GetString().ShouldBe("hello");
    }

    private static async Task<Guid> SaveAsync(TestApp app, string name, string path, NotificationType[] types, TicketPriority[] priorities) =>
        await app.SendAsync(
            new SaveChatChannelCommand(null, name, ChatFormat.Slack, new Uri(app.Simulator.BaseUrl, $"/_sim/chat/{path}").ToString(), true, types, priorities, null),
            TestUser.Admin);

    private static async Task<Ticket> AssignAsync(TestApp app, TicketPriority priority)
    {
        var ticket = TicketFactory.Create(TicketStatus.Open, priority, DateTimeOffset.UtcNow.AddHours(-2));
        await EmailChannelTests.UpsertAsync(app, ticket);
        var assigned = EmailChannelTests.Copy(ticket, t => { t.AssigneeId = "agt_chat_1"; t.AssigneeName = "Sam"; t.UpdatedAt = ticket.UpdatedAt.AddMinutes(5); });
        await EmailChannelTests.UpsertAsync(app, assigned);
        return assigned;
    }

    private static string Text(ReceivedChatPost post) => post.Body.GetProperty("text").GetString() ?? "";

    private static Task<IReadOnlyList<ReceivedChatPost>> WaitForPostsAsync(TestApp app, string channel, int count) =>
        Eventually.WaitAsync(
            () => Task.FromResult(app.Simulator.Chat.Posts(channel)),
            posts => posts.Count >= count,
            $"{count} post(s) reach {channel}",
            TimeSpan.FromSeconds(60));
}
