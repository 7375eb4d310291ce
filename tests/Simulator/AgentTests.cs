using System.Net.Mail;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class AgentTests(ReadOnlySimulatorFixture fixture) : IClassFixture<ReadOnlySimulatorFixture>
{
    [Fact]
    public async Task Lists_every_agent_with_the_app_demo_staff_as_agt_1_and_agt_2()
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync("agents", Wire.Ct);
        var agents = (await response.ReadAsync<AgentList>()).Data;

        agents[0].ShouldBe(new AgentView("agt_1", "Alex Morgan", "alex.morgan@demo.local", true));
        agents[1].ShouldBe(new AgentView("agt_2", "Sam Ito", "sam.ito@demo.local", true));
        agents.Count.ShouldBe(12);
        agents.Select(a => a.Id).ShouldBe(Enumerable.Range(1, 12).Select(n => $"agt_{n}"));
        agents.Select(a => a.Email.ToLowerInvariant()).Distinct().Count().ShouldBe(12, "users are matched to agents by e-mail");
        agents.ShouldAllBe(a => IsEmail(a.Email) && a.Name.Contains(' '));
        agents.Count(a => !a.Active).ShouldBe(1);
    }

    [Fact]
    public async Task Every_assignee_on_a_ticket_is_a_listed_agent_and_live_work_is_never_the_inactive_ones()
    {
        using var client = fixture.Host.CreateClient();
        var agents = (await (await client.GetAsync("agents", Wire.Ct)).ReadAsync<AgentList>()).Data.ToDictionary(a => a.Id);

        var assigned = fixture.Tickets.Where(t => t.AssigneeId is not null).ToList();

        assigned.ShouldAllBe(t => agents.ContainsKey(t.AssigneeId!) && agents[t.AssigneeId!].Name == t.AssigneeName);
        assigned.Where(t => !t.Status.IsResolved() && t.Status != TicketStatus.Cancelled)
            .ShouldAllBe(t => agents[t.AssigneeId!].Active);
        assigned.ShouldContain(t => t.AssigneeId == "agt_1");
        assigned.ShouldContain(t => t.AssigneeId == "agt_2");
    }

    private static bool IsEmail(string text) => MailAddress.TryCreate(text, out var address) && address.Address == text;
}
