using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Seeding;
using Ticketing.Simulator.Seeding;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The demo staff are the simulator's agents of the same e-mail (<c>agt_1</c> Alex Morgan, <c>agt_2</c>
/// Sam Ito), so "Assigned to me" shows each of them their own tickets and nobody else's.
/// </summary>
public sealed partial class DemoIdentityTests
{
    [Fact]
    public async Task Each_demo_user_sees_under_assigned_to_me_exactly_the_tickets_assigned_to_their_agent()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions
        {
            Purpose = "identities",
            Simulator = TestAppOptions.DefaultSimulator with { TicketCount = 120 },
        });
        await app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));
        var remote = app.Simulator.Store.Snapshot();

        foreach (var (email, name, agentId) in IdentitySeeder.DemoStaff)
        {
            var agent = People.FindAgent(agentId).ShouldNotBeNull();
            agent.Email.ShouldBe(email, $"the simulator's {agentId} is the app's {name}");
            agent.Name.ShouldBe(name);
            var theirs = remote.Where(t => t.AssigneeId == agentId).Select(t => t.TicketNumber).Order().ToList();
            theirs.ShouldNotBeEmpty($"the demo data gives {name} tickets");

            using var browser = await app.SignedInAsync(TestUser.WithEmail(email, TestUser.Staff.Password));
            var html = await browser.GetHtmlAsync("/Tickets?assignee=me&size=100");

            TicketNumber().Matches(html).Select(m => m.Value).Distinct().Order().ToList().ShouldBe(theirs, $"{name}'s \"Assigned to me\"");
        }
    }

    [GeneratedRegex(@"\bIT-[0-9]{6}\b")]
    private static partial Regex TicketNumber();
}
