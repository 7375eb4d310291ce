using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

/// <summary>
/// A simulator forgets what it made when it stops. With <c>--fresh-runtime-ids</c> (scripts/run.sh, whose demo database
/// outlives it) a restart never hands out a comment or attachment id an earlier run gave; without it, the same seed
/// gives the same ids for everything, as the tests rely on.
/// </summary>
public sealed class RestartIdTests
{
    [Fact]
    public async Task A_restart_with_fresh_runtime_ids_gives_new_ids_to_what_it_adds_and_keeps_the_seeded_ones()
    {
        var settings = new SimulatorSettings { TicketCount = 20, Seed = 42 };

        var plain = await FirstAddedAsync(settings);
        var plainAgain = await FirstAddedAsync(settings);
        var fresh = await FirstAddedAsync(settings with { FreshRuntimeIds = true });
        var freshAgain = await FirstAddedAsync(settings with { FreshRuntimeIds = true });

        plainAgain.ShouldBe(plain);
        fresh.Seeded.ShouldBe(plain.Seeded);
        freshAgain.Seeded.ShouldBe(plain.Seeded);
        new[] { plain.Comment, fresh.Comment, freshAgain.Comment }.ShouldBeUnique();
        new[] { plain.Attachment, fresh.Attachment, freshAgain.Attachment }.ShouldBeUnique();
        fresh.Comment.ShouldStartWith("cmt_");
        fresh.Attachment.ShouldStartWith("att_");
    }

    private static async Task<(string Seeded, string Comment, string Attachment)> FirstAddedAsync(SimulatorSettings settings)
    {
        await using var host = await SimulatorHost.StartAsync(settings, Wire.Ct);
        var ticket = host.Store.Snapshot().First(t => host.Store.Comments(t.Id)!.Count > 0);
        var seeded = string.Join(",", host.Store.Comments(ticket.Id)!.Select(c => c.Id));
        var comment = host.Store.AddComment(ticket.Id, "Sam Ito", "Added after the start.").ShouldNotBeNull().Comment.Id;
        var attachment = host.Store.AddAttachment(
            ticket.Id, new NewAttachmentInput("log.txt", "text/plain", null, AttachmentContent.FromBytes([1, 2, 3])), null).Value.ShouldNotBeNull().Id;
        return (seeded, comment, attachment);
    }
}
