using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.AutoApplyTriage;
using Ticketing.Application.Triage.Queries.GetTriageOverview;
using Ticketing.Application.Triage.Queries.SuggestCategories;
using Ticketing.Application.Triage.Queries.SuggestTriage;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Triage;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Triage;
using Ticketing.Simulator.Faults;
using Sim = Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Triage;

/// <summary>
/// Auto-apply for tickets arriving from Championship IT. Part of <see cref="TriageTrainingTests"/> (a partial
/// class) so it uses that class's trained models instead of training a second time.
/// </summary>
public sealed partial class TriageTrainingTests
{
    private const string VpnTitle = "VPN tunnel drops every few minutes";
    private const string VpnDescription = "The VPN client disconnects and the network share is gone.";

    [Fact]
    public async Task A_ticket_arriving_by_sync_without_category_gets_the_confident_suggestion_written_to_the_remote_once()
    {
        var confidence = await TopCategoryConfidenceAsync(VpnTitle, VpnDescription);
        confidence.ShouldBeGreaterThan(0.6);
        var remote = await WithAutoApplyAsync(Math.Min(99, (int)Math.Floor(confidence * 100)), async () =>
        {
            var created = NewRemoteTicket(VpnTitle, VpnDescription);
            await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));

            (await RunAutoApplyAsync()).ShouldBe(1);
            App.Simulator.Store.Find(created.Id).ShouldNotBeNull().Category.ShouldBe("Network");
            (await App.ScalarAsync<string>("SELECT category FROM tickets_cache WHERE external_ticket_id = $1", created.Id)).ShouldBe("Network");
            var audit = await App.ScalarAsync<string>(
                "SELECT details::text FROM audit_log WHERE action = $1 AND target_id = $2", AuditAutoAppliedTriageHandler.AuditAction, created.TicketNumber);
            audit.ShouldNotBeNull().ShouldContain($"\"done_by\": \"{AuditAutoAppliedTriageHandler.Actor}\"");
            audit.ShouldContain("\"value\": \"Network\"");

            // Someone clears the category at Championship IT: the next sync updates the ticket, which is not new.
            App.Simulator.Store.Update(created.Id, new Sim.TicketPatch { Category = Sim.Optional<string?>.Of(null) }).ShouldNotBeNull();
            await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));
            (await App.ScalarAsync<string>("SELECT coalesce(category, '') FROM tickets_cache WHERE external_ticket_id = $1", created.Id)).ShouldBe("");
            (await RunAutoApplyAsync()).ShouldBe(0);
            return created;
        });

        App.Simulator.Store.Find(remote.Id).ShouldNotBeNull().Category.ShouldBeNull();
        (await App.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2", AuditAutoAppliedTriageHandler.AuditAction, remote.TicketNumber)).ShouldBe(1);
    }

    [Fact]
    public async Task A_save_that_fails_while_the_remote_is_down_is_claimed_by_one_worker_tried_again_later_and_written_once()
    {
        var confidence = await TopCategoryConfidenceAsync(VpnTitle, VpnDescription);
        await WithAutoApplyAsync(Math.Min(99, (int)Math.Floor(confidence * 100)), async () =>
        {
            var created = NewRemoteTicket(VpnTitle, VpnDescription);
            await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));
            var ticketId = await App.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE external_ticket_id = $1", created.Id);
            var patchesBefore = App.Simulator.Counters.PatchRequests;

            // Two workers at once while Championship IT is down: one claims the ticket, its save fails.
            App.Simulator.Faults.Current = new FaultSettings { Down = true };
            int[] claimed;
            try
            {
                claimed = await Task.WhenAll(RunAutoApplyAsync(), RunAutoApplyAsync());
            }
            finally
            {
                App.Simulator.Faults.Current = FaultSettings.None;
            }

            claimed.Sum().ShouldBe(1, "one worker claimed the ticket, the other found nothing due");
            (await App.ScalarAsync<int>("SELECT attempts FROM triage_arrivals WHERE ticket_id = $1", ticketId)).ShouldBe(1);
            (await App.ScalarAsync<string>("SELECT last_error FROM triage_arrivals WHERE ticket_id = $1", ticketId)).ShouldNotBeNull().ShouldContain("503");
            (await App.ScalarAsync<bool>("SELECT next_attempt_at > now() AND claim_id IS NULL AND failed_at IS NULL FROM triage_arrivals WHERE ticket_id = $1", ticketId))
                .ShouldBeTrue("it waits for its next attempt, unclaimed");
            (await App.ScalarAsync<long>("SELECT count(*) FROM ticket_outbox WHERE ticket_id = $1", ticketId)).ShouldBe(0, "the assistant's change is not queued");
            (await RunAutoApplyAsync()).ShouldBe(0, "not due yet");
            App.Simulator.Store.Find(created.Id).ShouldNotBeNull().Category.ShouldBeNull();

            // Its time comes: the remote answers and the suggestion is written once.
            await App.ExecuteAsync("UPDATE triage_arrivals SET next_attempt_at = now() - interval '1 second' WHERE ticket_id = $1", ticketId);
            (await RunAutoApplyAsync()).ShouldBe(1);
            App.Simulator.Store.Find(created.Id).ShouldNotBeNull().Category.ShouldBe("Network");
            (await App.ScalarAsync<long>("SELECT count(*) FROM triage_arrivals WHERE ticket_id = $1", ticketId)).ShouldBe(0);
            var patches = App.Simulator.Counters.PatchRequests;
            (patches - patchesBefore).ShouldBe(1);

            // The mark comes back as if its completion had been lost after the save: nothing is written twice.
            await App.ExecuteAsync("INSERT INTO triage_arrivals (ticket_id) VALUES ($1)", ticketId);
            (await RunAutoApplyAsync()).ShouldBe(1);
            App.Simulator.Counters.PatchRequests.ShouldBe(patches);
            (await App.ScalarAsync<long>("SELECT count(*) FROM triage_arrivals WHERE ticket_id = $1", ticketId)).ShouldBe(0);
            (await App.ScalarAsync<long>(
                "SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2", AuditAutoAppliedTriageHandler.AuditAction, created.TicketNumber)).ShouldBe(1);
            return created;
        });
    }

    [Fact]
    public async Task After_its_last_attempt_fails_a_ticket_is_kept_as_failed_with_the_reason_for_the_admin_page()
    {
        var confidence = await TopCategoryConfidenceAsync(VpnTitle, VpnDescription);
        await WithAutoApplyAsync(Math.Min(99, (int)Math.Floor(confidence * 100)), async () =>
        {
            var created = NewRemoteTicket(VpnTitle, VpnDescription);
            await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));
            var ticketId = await App.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE external_ticket_id = $1", created.Id);
            var lastAttempt = App.Services.GetRequiredService<IOptions<TriageOptions>>().Value.AutoApplyMaxAttempts;
            await App.ExecuteAsync("UPDATE triage_arrivals SET attempts = $2 WHERE ticket_id = $1", ticketId, lastAttempt - 1);

            try
            {
                App.Simulator.Faults.Current = new FaultSettings { Down = true };
                try
                {
                    (await RunAutoApplyAsync()).ShouldBe(1);
                }
                finally
                {
                    App.Simulator.Faults.Current = FaultSettings.None;
                }

                (await App.ScalarAsync<bool>("SELECT failed_at IS NOT NULL FROM triage_arrivals WHERE ticket_id = $1", ticketId)).ShouldBeTrue();
                await App.ExecuteAsync("UPDATE triage_arrivals SET next_attempt_at = now() - interval '1 second' WHERE ticket_id = $1", ticketId);
                (await RunAutoApplyAsync()).ShouldBe(0, "a failed ticket is not tried again");

                // What the admin page lists (the page itself: the E2E TriageSuggestionTests).
                var queue = await App.InScopeAsync(services => services.GetRequiredService<ITriageArrivals>().GetQueueAsync(GetTriageOverviewHandler.FailuresShown, Ct));
                queue.Waiting.ShouldBe(0);
                var failure = queue.Failed.ShouldHaveSingleItem();
                failure.TicketNumber.ShouldBe(created.TicketNumber);
                failure.Attempts.ShouldBe(lastAttempt);
                failure.Reason.ShouldContain("503");
                App.Simulator.Store.Find(created.Id).ShouldNotBeNull().Category.ShouldBeNull();
            }
            finally
            {
                await App.ExecuteAsync("DELETE FROM triage_arrivals WHERE ticket_id = $1", ticketId);
            }

            return created;
        });
    }

    [Fact]
    public async Task A_ticket_arriving_below_the_threshold_is_left_alone()
    {
        const string title = "Question about something odd";
        const string description = "Someone asked me to write in about it.";
        var confidence = await TopCategoryConfidenceAsync(title, description);
        confidence.ShouldBeLessThan(0.97);
        var remote = await WithAutoApplyAsync(Math.Max(Ticketing.Application.Triage.Commands.UpdateTriageSettings.UpdateTriageSettingsValidator.LowestPercent, (int)Math.Ceiling(confidence * 100) + 1), async () =>
        {
            var created = NewRemoteTicket(title, description);
            await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));
            (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", created.Id)).ShouldBe(1);

            (await RunAutoApplyAsync()).ShouldBe(1, "the ticket was marked and looked at");
            return created;
        });

        App.Simulator.Store.Find(remote.Id).ShouldNotBeNull().Category.ShouldBeNull();
        (await App.ScalarAsync<string>("SELECT coalesce(category, '') FROM tickets_cache WHERE external_ticket_id = $1", remote.Id)).ShouldBe("");
        (await App.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2", AuditAutoAppliedTriageHandler.AuditAction, remote.TicketNumber)).ShouldBe(0);
    }

    [Fact]
    public async Task Nothing_is_marked_while_auto_apply_is_off()
    {
        var created = NewRemoteTicket(VpnTitle, VpnDescription);
        await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));

        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = $1", created.Id)).ShouldBe(1);
        (await App.ScalarAsync<long>("SELECT count(*) FROM triage_arrivals")).ShouldBe(0);
        (await RunAutoApplyAsync()).ShouldBe(0);
        App.Simulator.Store.Find(created.Id).ShouldNotBeNull().Category.ShouldBeNull();
    }

    [Fact]
    public async Task The_list_suggests_categories_for_uncategorized_tickets_but_none_from_health_information_the_reader_may_not_see()
    {
        var open = NewRemoteTicket(VpnTitle, VpnDescription);
        var phi = NewRemoteTicket("VPN tunnel drops during my chemotherapy sessions", VpnDescription);
        await App.SendAsync(new RunSyncCommand(SyncType.Manual, Full: false));
        var openId = await App.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE external_ticket_id = $1", open.Id);
        var phiId = await App.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE external_ticket_id = $1", phi.Id);
        var categorized = await App.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE category = 'Network' AND deleted_at IS NULL LIMIT 1");
        await App.ExecuteAsync(
            "INSERT INTO ticket_phi (ticket_id, rule_name, classified_at) VALUES ($1, 'test rule', now()) ON CONFLICT (ticket_id) DO NOTHING", phiId);

        var staff = await App.SendAsync(new SuggestCategoriesQuery([openId, phiId, categorized]), await ReaderWithoutPhiAccessAsync());
        var system = await App.SendAsync(new SuggestCategoriesQuery([openId, phiId, categorized]));

        staff.Keys.ShouldBe([openId]);
        staff[openId].Top.Value.ShouldBe("Network");
        staff[openId].Top.Words.ShouldContain("vpn");
        system.Keys.ShouldBe([openId, phiId], ignoreOrder: true);
    }

    private Sim.Ticket NewRemoteTicket(string title, string description) =>
        App.Simulator.Store.Create(
            new Sim.NewTicketInput(title, description, Sim.TicketPriority.Medium, null, "Sales", "Ada Park", "ada.park@demo.local", null, [], "{}"),
            null).Ticket;

    private async Task<double> TopCategoryConfidenceAsync(string title, string description)
    {
        var suggestions = await App.SendAsync(new SuggestTriageQuery(title, description, "Sales", 1));
        return suggestions.For(TriageTarget.Category).ShouldNotBeNull().Suggestions[0].Confidence;
    }

    private Task<int> RunAutoApplyAsync() => App.Services.GetRequiredService<TriageAutoApplyWorker>().RunRoundAsync(Ct);

    private async Task<T> WithAutoApplyAsync<T>(int categoryPercent, Func<Task<T>> work)
    {
        // Saved as the admin page's command saves it (this app seeds no admin to send that command as).
        await SetCategoryThresholdAsync(categoryPercent / 100.0);
        try
        {
            return await work();
        }
        finally
        {
            await SetCategoryThresholdAsync(null);
        }
    }

    private Task SetCategoryThresholdAsync(double? threshold) =>
        App.InScopeAsync(async services =>
        {
            var store = services.GetRequiredService<ITriageModelStore>();
            var settings = await store.GetSettingsAsync(Ct);
            settings.AutoApplyCategoryAbove = threshold;
            await store.SaveSettingsAsync(settings, Ct);
        });

    /// <summary>A signed-in person without PHI access (this app seeds no demo users).</summary>
    private async Task<TestUser> ReaderWithoutPhiAccessAsync()
    {
        const string email = "triage.reader@example.test";
        await App.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                (await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true })).Succeeded.ShouldBeTrue();
            }
        });
        return TestUser.WithEmail(email);
    }
}
