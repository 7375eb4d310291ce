using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Shouldly;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetListCounts;
using Ticketing.Application.Tickets.Queries.GetTickets;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using SortDirection = Ticketing.Application.Tickets.SortDirection;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The list's fast paths (issue 20) keep their answers: the due sort read as index-ordered walks equals the one
/// ORDER BY over both sources on every page and in both directions; the "likely to breach" filter, its preset count
/// and the rows' badges come from the page's own statement; and a signed-in list request costs one round trip.
/// </summary>
public sealed class ListSpeedTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_due_sort_interleaves_policy_and_remote_due_times_on_every_page_in_both_directions()
    {
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "listdue", SeedUsers = true });
        // Critical tickets are under a policy (resolution 8 h from creation); the others keep Championship IT's due
        // date. The two sources' times alternate, and ties, a paused clock and no due date at all are among them.
        var tickets = new List<Ticket>();
        for (var i = 0; i < 30; i++)
        {
            tickets.Add(TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, Now.AddHours(-8 + i), dueDate: Now.AddDays(30)));
            tickets.Add(TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, Now.AddDays(-3), dueDate: Now.AddHours(i % 5 == 0 ? i : i + 0.5)));
        }

        tickets.Add(TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Low, Now.AddDays(-3), dueDate: Now.AddHours(1)));
        tickets.Add(TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, Now.AddDays(-3), dueDate: null));
        tickets.Add(TicketFactory.Create(TicketStatus.Pending, TicketPriority.Critical, Now.AddHours(-1), dueDate: Now.AddHours(-5)));
        tickets.Add(TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, Now.AddDays(-3), dueDate: Now.AddHours(3), deletedAt: Now));
        await app.ReplaceTicketsAsync([.. tickets]);
        await app.SendAsync(
            new SaveSlaPolicyCommand { Name = "Critical", Priorities = [TicketPriority.Critical], FirstResponseHours = 7, ResolutionHours = 8 },
            TestUser.Admin);
        await app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_sla WHERE resolution_due_at IS NULL")).ShouldBe(1, "the pending ticket's clock is paused");

        foreach (var direction in new[] { SortDirection.Asc, SortDirection.Desc })
        {
            var dir = direction == SortDirection.Asc ? "ASC" : "DESC";
            var expected = await ExpectedOrderAsync(app, $"ORDER BY CASE WHEN s.ticket_id IS NULL THEN t.due_date ELSE s.resolution_due_at END {dir} NULLS LAST, t.id {dir}");
            expected.Count.ShouldBe(63);
            var listed = new List<Guid>();
            for (var page = 1; page <= 3; page++)
            {
                var result = await app.SendAsync(
                    new GetTicketsQuery(TicketFilter.None, new TicketSort(TicketSortField.Due, direction), new PageRequest(page, 25)), TestUser.Staff);
                result.Total.ShouldBe(63);
                listed.AddRange(result.Items.Select(i => i.Id));
            }

            listed.ShouldBe(expected, $"due {dir}");
        }
    }

    [Fact]
    public async Task Likely_to_breach_lists_exactly_the_flagged_unresolved_tickets_its_preset_counts_them_and_rows_carry_the_estimate()
    {
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "listlikely", SeedUsers = true });
        var flagged = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, Now.AddHours(-5), dueDate: Now.AddHours(2));
        var flaggedToo = TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Low, Now.AddHours(-4), dueDate: Now.AddHours(6));
        var estimatedOnly = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, Now.AddHours(-3), dueDate: Now.AddHours(1));
        var resolvedSince = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.High, Now.AddHours(-9), resolvedAt: Now.AddHours(-1));
        var plain = TicketFactory.Create(TicketStatus.Open, TicketPriority.Medium, Now.AddHours(-2));
        await app.ReplaceTicketsAsync(flagged, flaggedToo, estimatedOnly, resolvedSince, plain);
        foreach (var (ticket, likely) in new[] { (flagged, true), (flaggedToo, true), (estimatedOnly, false), (resolvedSince, true) })
        {
            await app.ExecuteAsync(
                """
                INSERT INTO ticket_breach_risk (ticket_id, probability, similar_share, stratum_level, sample_size, target_hours, hours_left, load_factor, likely, likely_since, computed_at)
                VALUES ($1, $2, 0.8, 1, 40, 30, 6, 1, $3, CASE WHEN $3 THEN now() END, now())
                """,
                ticket.Id, likely ? 0.85 : 0.2, likely);
        }

        var address = TicketListAddress.Parse(ListPresets.LikelyToBreach.QueryString);
        address.Notes.ShouldBeEmpty();
        address.Filter.Sla.ShouldBe(SlaFilter.LikelyToBreach);
        var page = await app.SendAsync(new GetTicketsQuery(address.Filter, address.Sort, new PageRequest(1, 100)), TestUser.Staff);
        page.Items.Select(i => i.Id).ShouldBe([flagged.Id, flaggedToo.Id], ignoreOrder: true);
        page.Total.ShouldBe(2);
        var risk = page.Items.Single(i => i.Id == flagged.Id).BreachRisk.ShouldNotBeNull();
        risk.Probability.ShouldBe(0.85);
        risk.Likely.ShouldBeTrue();
        risk.Reason.ShouldNotBeNullOrWhiteSpace();

        var counts = await app.SendAsync(new GetListCountsQuery(Fresh: true), TestUser.Staff);
        counts.Presets[ListPresets.LikelyToBreach.Key].ShouldBe(page.Total);

        var everything = await app.SendAsync(new GetTicketsQuery(TicketFilter.None, TicketSort.Default, new PageRequest(1, 100)), TestUser.Staff);
        everything.Items.Where(i => i.BreachRisk is not null).Select(i => i.Id).ShouldBe([flagged.Id, flaggedToo.Id, resolvedSince.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task A_signed_in_list_request_costs_one_database_round_trip_once_its_cached_models_are_warm_and_a_repeat_view_none()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "listtrips" });
        await app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));
        // The sync's SLA marks are worked off now, not by the background loop between the warm-up and the count
        // (each batch it works off refreshes the KPI figures, decision 145).
        await app.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));
        using var staff = await app.SignedInAsync(TestUser.Staff);
        using (var warm = await staff.GetAsync("/Tickets"))
        {
            warm.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var source = new ActivitySource("Ticketing.IntegrationTests.ListRoundTrips");
        var commands = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            // The app's request activity continues the test's trace (traceparent), and Npgsql's command activities
            // are its children: the trace id picks out this request's database work from everything else running.
            ShouldListenTo = s => s.Name is "Npgsql" or "Microsoft.AspNetCore" or "System.Net.Http" || s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "Npgsql")
                {
                    commands.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        // A reload renders the page (decision 133 keeps rendered pages for repeat views): one round trip.
        var rendered = await RoundTripsAsync(reload: true);
        rendered.Count.ShouldBe(1, rendered.Seen);
        // A repeat view of the same address, nothing changed since: the kept page, no round trip at all.
        var repeated = await RoundTripsAsync(reload: false);
        repeated.Count.ShouldBe(0, repeated.Seen);

        async Task<(int Count, string Seen)> RoundTripsAsync(bool reload)
        {
            ActivityTraceId trace;
            using (var activity = source.StartActivity("list request").ShouldNotBeNull())
            {
                trace = activity.TraceId;
                using var request = new HttpRequestMessage(HttpMethod.Get, "/Tickets");
                if (reload)
                {
                    request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
                }

                using var response = await staff.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("data-ticket=");
            }

            var mine = commands.Where(a => a.TraceId == trace).ToList();
            var seen = string.Join(Environment.NewLine, mine.Select(a => $"{a.DisplayName}: {a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement")}"));
            return (mine.Count(a => !a.DisplayName.Contains("open", StringComparison.OrdinalIgnoreCase)), seen);
        }
    }

    private static async Task<List<Guid>> ExpectedOrderAsync(TestApp app, string orderBy)
    {
        var ids = await app.ScalarAsync<Guid[]>(
            $"SELECT array_agg(id) FROM (SELECT t.id FROM tickets_cache t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL {orderBy}) o");
        return [.. ids ?? []];
    }
}
