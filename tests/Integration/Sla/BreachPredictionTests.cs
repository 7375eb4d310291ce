using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Sla.Commands.ComputeBreachRisk;
using Ticketing.Application.Sla.Queries.GetLatestBreachBacktest;
using Ticketing.Application.Sla.Queries.GetTicketBreachRisk;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.ExportTickets;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// The breach estimate against a seeded mirror in real PostgreSQL: a slow kind of ticket near its due time is
/// flagged with its reason and its assignee and followers are told once; the backtest runs and reports both rules.
/// </summary>
public sealed class BreachPredictionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 1) with { Purpose = "breachrisk", SeedUsers = true });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static Ticket Hardware(DateTimeOffset created, double targetHours, double? tookHours, string? assignee = null)
    {
        var ticket = TicketFactory.Create(
            status: tookHours is null ? TicketStatus.Open : TicketStatus.Resolved,
            priority: TicketPriority.High,
            createdAt: created,
            resolvedAt: tookHours is { } took ? created.AddHours(took) : null,
            dueDate: created.AddHours(targetHours));
        ticket.Category = "Hardware";
        ticket.Department = "Legal";
        ticket.AssigneeId = assignee;
        return ticket;
    }

    private static Ticket Access(DateTimeOffset created, double targetHours, double? tookHours)
    {
        var ticket = Hardware(created, targetHours, tookHours);
        ticket.Category = "Access";
        return ticket;
    }

    /// <summary>
    /// 40 Hardware tickets over the last 40 days: 32 took 40–55 h against 30 h, 8 took 25–28 h; 40 Access
    /// tickets took 1–3 h. Then a Hardware ticket 24 h old with 6 h left, and an Access ticket an hour old.
    /// </summary>
    private async Task<(Ticket Slow, Ticket Fast)> SeedAsync()
    {
        var history = new List<Ticket>();
        for (var i = 0; i < 40; i++)
        {
            var created = Now.AddDays(-40).AddHours(i * 22);
            history.Add(Hardware(created, 30, i % 5 == 0 ? 25 + (i % 4) : 40 + (i % 16)));
            history.Add(Access(created.AddHours(3), 30, 1 + (i % 3)));
        }

        var slow = Hardware(Now.AddHours(-24), 30, null, assignee: "agt_1");
        var fast = Access(Now.AddHours(-1), 30, null);
        await _app.ReplaceTicketsAsync([.. history, slow, fast]);
        return (slow, fast);
    }

    [Fact]
    public async Task A_ticket_of_a_slow_kind_near_its_due_time_is_flagged_with_its_reason_and_notified_once()
    {
        var (slow, fast) = await SeedAsync();
        var admin = (await _app.ScalarAsync<string>("SELECT id FROM users WHERE normalized_email = upper($1)", TestUser.Admin.Email!))!;
        await _app.ExecuteAsync("INSERT INTO ticket_followers (ticket_id, user_id, following, changed_at) VALUES ($1, $2, true, now())", slow.Id, admin);

        var outcome = await _app.SendAsync(new ComputeBreachRiskCommand());

        outcome.Estimated.ShouldBe(2);
        outcome.Likely.ShouldBe(1);
        var risk = (await _app.SendAsync(new GetTicketBreachRiskQuery(slow.Id), TestUser.Staff))!;
        risk.Likely.ShouldBeTrue();
        risk.Probability.ShouldBe(0.8, 0.001);
        risk.StratumLevel.ShouldBe(0);
        risk.Reason.ShouldStartWith("Similar tickets (same policy, category, priority and department, 41 tickets) took over 30 h in 80");
        risk.Reason.ShouldContain("; 6 h left.");
        (await _app.SendAsync(new GetTicketBreachRiskQuery(fast.Id), TestUser.Staff))!.Likely.ShouldBeFalse();

        const string Notified = "SELECT count(*) FROM ticket_notifications WHERE notification_type = 'sla_breach_likely' AND ticket_id = $1";
        (await _app.ScalarAsync<long>(Notified, slow.Id)).ShouldBe(2);
        (await _app.ScalarAsync<long>(Notified, fast.Id)).ShouldBe(0);
        (await _app.ScalarAsync<string>("SELECT message FROM ticket_notifications WHERE notification_type = 'sla_breach_likely' LIMIT 1")).ShouldBe(risk.Reason);

        (await _app.SendAsync(new ComputeBreachRiskCommand())).NotifiedUsers.ShouldBeEmpty();
        (await _app.ScalarAsync<long>(Notified, slow.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_ticket_that_falls_below_the_threshold_and_crosses_again_is_notified_again()
    {
        var (slow, _) = await SeedAsync();
        await _app.SendAsync(new ComputeBreachRiskCommand());
        await _app.ExecuteAsync("UPDATE ticket_breach_risk SET likely = false, likely_since = NULL WHERE ticket_id = $1", slow.Id);

        // Falling below the threshold ends the crossing; the next estimate above it is a new crossing, told anew.
        (await _app.SendAsync(new ComputeBreachRiskCommand())).NotifiedUsers.Count.ShouldBe(1);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications WHERE notification_type = 'sla_breach_likely' AND ticket_id = $1", slow.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task The_csv_export_streams_a_ticket_with_a_breach_estimate_with_its_estimate()
    {
        var (slow, _) = await SeedAsync();
        await _app.SendAsync(new ComputeBreachRiskCommand());

        // The export reads its rows with SequentialAccess: each column once, in order (the id went back once).
        var rows = await _app.InScopeAsync(async sp =>
        {
            var all = new List<TicketListItem>();
            await foreach (var row in sp.GetRequiredService<ISender>().CreateStream(new ExportTicketsQuery(TicketFilter.None, TicketSort.Default), TestContext.Current.CancellationToken))
            {
                all.Add(row);
            }

            return all;
        }, TestUser.Staff);

        rows.Count.ShouldBe(82);
        var flagged = rows.Single(r => r.Id == slow.Id).BreachRisk.ShouldNotBeNull();
        flagged.TicketId.ShouldBe(slow.Id);
        flagged.Likely.ShouldBeTrue();
    }

    [Fact]
    public async Task The_backtest_command_reports_the_predictor_beside_the_naive_rule_and_stores_it()
    {
        await SeedAsync();

        (await CommandLineVerbs.RunAsync("sla", ["backtest", "--days", "30"], _app.WebApp)).ShouldBe(0);

        var stored = (await _app.SendAsync(new GetLatestBreachBacktestQuery(), TestUser.Admin))!;
        stored.Days.ShouldBe(30);
        var report = stored.Report;
        report.TicketsEvaluated.ShouldBeGreaterThan(0);
        report.Predictor.Breached.ShouldBeGreaterThan(0);
        report.Predictor.TruePositives.ShouldBeGreaterThan(0);
        report.Naive.Breached.ShouldBe(report.Predictor.Breached);
        report.Calibration.Count.ShouldBe(10);
        report.Predictor.MedianLeadHours!.Value.ShouldBeGreaterThan(report.Naive.MedianLeadHours!.Value);
    }
}
