using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Channels.Commands.SaveChatChannel;
using Ticketing.Application.Sla.Commands.EvaluateEscalations;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveEscalationRule;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sla.Queries.GetEscalations;
using Ticketing.Application.Tickets.Outbox.DeliverOutbox;
using Ticketing.Application.Tickets.Queries.GetTicketWorkspace;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Chat;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// Escalation rules against real PostgreSQL and the simulator: a rule fires once per ticket and target even
/// with two app instances evaluating at once and a retry after them, never while the clock is paused or
/// after the ticket is resolved; a raised priority reaches Championship IT through the outbox and is
/// audited; a chat post reaches the simulator's incoming webhook.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 12) with { Purpose = "escalation", SeedUsers = true });
        (await _app.SyncAsync(full: true)).Result.ShouldNotBeNull();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_rule_fires_once_per_ticket_with_two_instances_evaluating_at_once_and_a_retry_after_them()
    {
        var open = await OpenOnlyAsync(3, hoursAgo: 10);
        var policy = await PolicyAsync();
        await RuleAsync(new SaveEscalationRuleCommand
        {
            PolicyId = policy, Target = EscalationTarget.Resolution, Trigger = EscalationTrigger.ElapsedPercent, Percent = 50,
            Action = EscalationAction.NotifyRole, Role = Domain.Users.Roles.Admin,
        });
        var admins = await _app.ScalarAsync<long>("SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = 'Admin'");
        admins.ShouldBeGreaterThan(0);

        await using (var second = await _app.StartAnotherAsync())
        {
            var rounds = await Task.WhenAll(
                _app.SendAsync(new EvaluateEscalationsCommand(BatchSize: 1)),
                second.SendAsync(new EvaluateEscalationsCommand(BatchSize: 1)),
                _app.SendAsync(new EvaluateEscalationsCommand()),
                second.SendAsync(new EvaluateEscalationsCommand()));
            rounds.Sum(r => r.Fired).ShouldBe(3, "each firing is claimed by exactly one evaluator");
        }

        (await _app.SendAsync(new EvaluateEscalationsCommand())).Fired.ShouldBe(0, "a retry fires nothing again");
        (await _app.ScalarAsync<long>("SELECT count(*) FROM escalation_firings WHERE outcome = 'done'")).ShouldBe(3);
        (await _app.ScalarAsync<long>("SELECT count(DISTINCT ticket_id) FROM escalation_firings")).ShouldBe(3);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications WHERE notification_type = 'escalation'")).ShouldBe(3 * admins);

        // The ticket's history and the admin page tell of it.
        var workspace = await _app.SendAsync(new GetTicketWorkspaceQuery(open[0]), TestUser.Admin);
        var entry = workspace.Timeline.Where(e => e.Kind == TimelineKind.Escalation).ShouldHaveSingleItem().Escalation!;
        entry.Rule.ShouldBe("At 50 % of the resolution time: notify every Admin");
        entry.Result.ShouldBe(admins == 1 ? "notified 1 person" : $"notified {admins} people");
        var page = await _app.SendAsync(new GetEscalationsQuery(policy), TestUser.Admin);
        page.Firings.Count.ShouldBe(3);
        page.Rules.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Nothing_fires_while_the_clock_is_paused_or_once_the_ticket_is_resolved()
    {
        var open = await OpenOnlyAsync(3, hoursAgo: 10);
        var (running, waiting, resolved) = (open[0], open[1], open[2]);
        await _app.ExecuteAsync(
            "INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source) VALUES ($1, 'status', 'open', 'pending', now() - interval '9 hours', now(), 'sync')",
            waiting);
        await _app.ExecuteAsync("UPDATE tickets_cache SET status = 'pending', updated_at = now() - interval '9 hours' WHERE id = $1", waiting);
        await _app.ExecuteAsync("UPDATE tickets_cache SET status = 'resolved', resolved_at = now() - interval '1 minute', updated_at = now() WHERE id = $1", resolved);
        var policy = await PolicyAsync();
        await RecomputeAsync();
        await RuleAsync(new SaveEscalationRuleCommand
        {
            PolicyId = policy, Target = EscalationTarget.Resolution, Trigger = EscalationTrigger.AtBreach, Action = EscalationAction.NotifyRole, Role = Domain.Users.Roles.Admin,
        });

        (await _app.SendAsync(new EvaluateEscalationsCommand())).Fired.ShouldBe(1);

        (await _app.ScalarAsync<Guid>("SELECT ticket_id FROM escalation_firings")).ShouldBe(running);
        (await _app.ScalarAsync<bool>("SELECT is_paused FROM ticket_sla WHERE ticket_id = $1", waiting)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_raised_priority_reaches_championship_it_through_the_outbox_and_is_audited_as_the_escalation()
    {
        var ticket = (await OpenOnlyAsync(1, hoursAgo: 10, belowCritical: true))[0];
        var policy = await PolicyAsync();
        await RuleAsync(new SaveEscalationRuleCommand
        {
            PolicyId = policy, Target = EscalationTarget.Resolution, Trigger = EscalationTrigger.AtBreach, Action = EscalationAction.RaisePriority, Priority = TicketPriority.Critical,
        });

        (await _app.SendAsync(new EvaluateEscalationsCommand())).Fired.ShouldBe(1);
        (await _app.ScalarAsync<string>("SELECT result FROM escalation_firings")).ShouldBe("priority raised to Critical");
        (await _app.ScalarAsync<string>("SELECT details->>'by' FROM audit_log WHERE action = 'ticket.update' ORDER BY seq DESC LIMIT 1")).ShouldBe("escalation");

        (await _app.SendAsync(new DeliverOutboxCommand())).Delivered.ShouldBe(1);

        var external = (await _app.ScalarAsync<string>("SELECT external_ticket_id FROM tickets_cache WHERE id = $1", ticket))!;
        _app.Simulator.Store.Find(external).ShouldNotBeNull().Priority.ShouldBe(Simulator.Tickets.TicketPriority.Critical);
        (await _app.ScalarAsync<string>("SELECT priority FROM tickets_cache WHERE id = $1", ticket)).ShouldBe("critical");
        (await _app.SendAsync(new EvaluateEscalationsCommand())).Fired.ShouldBe(0);
    }

    [Fact]
    public async Task A_post_to_a_chat_channel_arrives_at_the_incoming_webhook()
    {
        var ticket = (await OpenOnlyAsync(1, hoursAgo: 10))[0];
        var channel = await _app.SendAsync(
            new SaveChatChannelCommand(null, "#it-leads", ChatFormat.Slack, new Uri(_app.Simulator.BaseUrl, "/_sim/chat/it-leads").ToString(), true, [], [], null),
            TestUser.Admin);
        var policy = await PolicyAsync();
        await RuleAsync(new SaveEscalationRuleCommand
        {
            PolicyId = policy, Target = EscalationTarget.FirstResponse, Trigger = EscalationTrigger.HoursAfterBreach, HoursAfterBreach = 2,
            Action = EscalationAction.PostToChannel, ChannelId = channel,
        });

        (await _app.SendAsync(new EvaluateEscalationsCommand())).Fired.ShouldBe(1);
        (await _app.ScalarAsync<string>("SELECT result FROM escalation_firings")).ShouldBe("posted to #it-leads");
        var worker = _app.Services.GetRequiredService<Ticketing.Infrastructure.Channels.ChannelWorker>();
        var posts = await Eventually.WaitAsync(
            async () =>
            {
                await worker.RunRoundAsync(TestContext.Current.CancellationToken);
                return _app.Simulator.Chat.Posts("it-leads");
            },
            p => p.Count >= 1,
            "the escalation reaches #it-leads",
            TimeSpan.FromSeconds(60));

        var number = (await _app.ScalarAsync<string>("SELECT ticket_number FROM tickets_cache WHERE id = $1", ticket))!;
        Text(posts.ShouldHaveSingleItem()).ShouldContain($"{number} escalated 2 h after the first response breach");
    }

    private static string Text(ReceivedChatPost post) => post.Body.GetProperty("text").GetString() ?? "";

    /// <summary>
    /// Leaves <paramref name="count"/> tickets open, created <paramref name="hoursAgo"/> hours ago without any
    /// history (so never paused, never reopened), and closes the rest: what fires is known exactly.
    /// </summary>
    private async Task<Guid[]> OpenOnlyAsync(int count, int hoursAgo, bool belowCritical = false)
    {
        var chosen = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            chosen.Add(await _app.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE deleted_at IS NULL AND NOT (id = ANY($1)) AND (NOT $2 OR priority <> 'critical') ORDER BY ticket_number LIMIT 1", chosen.ToArray(), belowCritical));
        }

        var ids = chosen.ToArray();
        await _app.ExecuteAsync("DELETE FROM ticket_history WHERE ticket_id = ANY($1)", ids);
        await _app.ExecuteAsync("DELETE FROM ticket_comments WHERE ticket_id = ANY($1)", ids);
        await _app.ExecuteAsync(
            """
            UPDATE tickets_cache SET
                status = CASE WHEN id = ANY($1) THEN 'open' ELSE 'closed' END,
                created_at = CASE WHEN id = ANY($1) THEN now() - make_interval(hours => $2) ELSE created_at END,
                resolved_at = CASE WHEN id = ANY($1) THEN NULL ELSE coalesce(resolved_at, now() - interval '1 day') END,
                updated_at = CASE WHEN id = ANY($1) THEN now() - make_interval(hours => $2) ELSE updated_at END
            """,
            ids, hoursAgo);
        return ids;
    }

    /// <summary>A default policy of calendar hours (first response 1 h, resolution 8 h), every ticket's SLA computed.</summary>
    private async Task<Guid> PolicyAsync()
    {
        var id = await _app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Default", IsDefault = true, FirstResponseHours = 1, ResolutionHours = 8, PauseWhileWaiting = true },
            TestUser.Admin);
        await RecomputeAsync();
        return id;
    }

    private Task<int> RecomputeAsync() => _app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));

    private Task<Guid> RuleAsync(SaveEscalationRuleCommand command) => _app.SendAsync(command, TestUser.Admin);
}
