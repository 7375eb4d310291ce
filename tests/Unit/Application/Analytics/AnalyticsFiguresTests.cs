using Shouldly;
using Ticketing.Application.Analytics;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Application.Analytics;

public sealed class AnalyticsFiguresTests
{
    [Fact]
    public void A_percentile_is_the_upper_edge_of_the_bucket_it_falls_in()
    {
        var counts = new long[ResolutionBuckets.Count];
        counts[2] = 5;  // 30 min – 1 h
        counts[5] = 4;  // 4 – 8 h
        counts[16] = 1; // over 90 d

        ResolutionBuckets.Percentile(counts, 50).ShouldBe(TimeSpan.FromHours(1));
        ResolutionBuckets.Percentile(counts, 90).ShouldBe(TimeSpan.FromHours(8));
        ResolutionBuckets.Percentile(counts, 100).ShouldBe(TimeSpan.MaxValue);
        ResolutionBuckets.Percentile(new long[ResolutionBuckets.Count], 50).ShouldBeNull();
        AnalyticsTables.DurationText(TimeSpan.MaxValue).ShouldBe("over 90 d");
    }

    [Fact]
    public void Aging_counts_calendar_days_and_puts_the_rest_of_the_open_tickets_in_older()
    {
        var today = new DateOnly(2026, 12, 6);
        var open = new Dictionary<DateOnly, long>
        {
            [today.AddDays(1)] = 1, // created "tomorrow" by a clock ahead: today
            [today] = 2,
            [today.AddDays(-1)] = 3,
            [today.AddDays(-3)] = 4,
            [today.AddDays(-7)] = 5,
            [today.AddDays(-28)] = 6,
        };

        var buckets = AgingBoundaries.Buckets(today, openTotal: 30, open);

        buckets.Select(b => (b.Label, b.Tickets)).ShouldBe([("0–1 d", 6L), ("1–3 d", 4L), ("3–7 d", 5L), ("1–4 w", 6L), ("older", 9L)]);
    }

    [Fact]
    public void The_previous_period_is_as_long_and_ends_the_day_before()
    {
        var period = AnalyticsPeriod.Last(7, new DateOnly(2026, 12, 6));

        period.From.ShouldBe(new DateOnly(2026, 11, 30));
        period.Previous().ShouldBe(new AnalyticsPeriod(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)));
    }

    [Fact]
    public void A_days_drill_down_runs_from_its_local_midnight_to_the_next_even_when_the_clock_skips_midnight()
    {
        // Santiago's clocks go from 23:59:59 on 5 September 2026 (UTC−4) to 01:00 on the 6th (UTC−3).
        var day = new DateOnly(2026, 9, 6);
        var today = new DateOnly(2026, 9, 10);
        var report = Report("America/Santiago", day, today);

        var tables = AnalyticsTables.Build(report);

        var daily = tables.Single(t => t.Key == AnalyticsTables.Daily).Rows.Single();
        var created = daily[1].DrillDown.ShouldNotBeNull();
        created.Created.ShouldBe(new TimeWindow(At("2026-09-06T04:00:00Z"), At("2026-09-07T03:00:00Z")));
        created.Statuses.ShouldBeEmpty();
        var resolved = daily[2].DrillDown.ShouldNotBeNull();
        resolved.Resolved.ShouldBe(created.Created);
        resolved.Statuses.ShouldBe([TicketStatus.Resolved, TicketStatus.Closed]);
        var backlog = tables.Single(t => t.Key == AnalyticsTables.Backlog).Rows.Single()[1].DrillDown.ShouldNotBeNull();
        backlog.OpenAt.ShouldBe(At("2026-09-07T03:00:00Z"));

        var aging = tables.Single(t => t.Key == AnalyticsTables.Aging).Rows.Select(r => r[1].DrillDown.ShouldNotBeNull().Created).ToList();
        aging[0].ShouldBe(new TimeWindow(At("2026-09-09T03:00:00Z"), null));
        aging[1].ShouldBe(new TimeWindow(At("2026-09-07T03:00:00Z"), At("2026-09-09T03:00:00Z")));
        aging[^1].ShouldBe(new TimeWindow(null, At("2026-08-13T04:00:00Z")));
    }

    [Fact]
    public void A_drill_downs_time_windows_survive_the_list_address()
    {
        var filter = TicketFilter.None with
        {
            Categories = ["Network"],
            Created = new TimeWindow(At("2026-09-06T04:00:00Z"), At("2026-09-07T03:00:00Z")),
            Resolved = new TimeWindow(null, At("2026-09-07T03:00:00Z")),
            OpenAt = At("2026-12-01T05:30:00Z"),
        };

        var query = (TicketListAddress.Default with { Filter = filter }).ToQueryString();

        query.ShouldBe("category=Network&created_from=2026-09-06T04%3A00%3A00Z&created_to=2026-09-07T03%3A00%3A00Z&resolved_to=2026-09-07T03%3A00%3A00Z&open_at=2026-12-01T05%3A30%3A00Z");
        var parsed = TicketListAddress.Parse(query);
        parsed.Notes.ShouldBeEmpty();
        parsed.Filter.ShouldBe(filter);
        TicketListAddress.Parse("created_from=yesterday").Notes.ShouldHaveSingleItem().ShouldContain("created_from");
    }

    [Fact]
    public void The_reopened_sla_outcome_and_no_department_filters_survive_the_list_address()
    {
        var filter = TicketFilter.None with
        {
            Departments = [TicketFilter.NoDepartment],
            Policies = [Guid.Parse("6f1c2a47-0a55-4b8e-9d8c-3c1f0c9d2e11")],
            Reopened = true,
            SlaOutcome = new SlaOutcomeFilter(SlaTarget.FirstResponse, Met: false),
        };

        var query = (TicketListAddress.Default with { Filter = filter }).ToQueryString();

        query.ShouldBe("department=%28none%29&policy=6f1c2a47-0a55-4b8e-9d8c-3c1f0c9d2e11&reopened=yes&sla_outcome=first_response.breached");
        var parsed = TicketListAddress.Parse(query);
        parsed.Notes.ShouldBeEmpty();
        parsed.Filter.ShouldBe(filter);
        parsed.Filter.ShouldNotBe(filter with { Reopened = false });
        parsed.Filter.ShouldNotBe(filter with { SlaOutcome = new SlaOutcomeFilter(SlaTarget.FirstResponse, Met: true) });
        TicketListAddress.Parse("sla_outcome=resolution.late").Notes.ShouldHaveSingleItem().ShouldContain("sla_outcome");
        TicketListAddress.Parse("reopened=maybe").Notes.ShouldHaveSingleItem().ShouldContain("reopened");
    }

    [Fact]
    public void An_sla_cell_opens_its_policy_outcome_and_the_days_of_its_month_inside_the_period()
    {
        var policy = Guid.NewGuid();
        var scope = new AnalyticsScope(new AnalyticsPeriod(new DateOnly(2026, 10, 20), new DateOnly(2026, 11, 10)), AnalyticsFilter.None, "UTC", new DateOnly(2026, 11, 10), DateTimeOffset.UnixEpoch);
        var report = new AnalyticsReport(scope, Report("UTC", scope.Period.From, scope.Today).Figures,
            [new SlaMonth(new DateOnly(2026, 10, 1), policy, "Gold", 1, 2, 3, 4), new SlaMonth(new DateOnly(2026, 11, 1), policy, "Gold", 5, 6, 7, 8)],
            "by SLA policy");

        var rows = AnalyticsTables.Build(report).Single(t => t.Key == AnalyticsTables.Sla).Rows;

        // Columns: month, policy, resolution %, met, breached, first reply %, met, breached.
        var october = rows[0][3].DrillDown.ShouldNotBeNull();
        october.Resolved.ShouldBe(new TimeWindow(At("2026-10-20T00:00:00Z"), At("2026-11-01T00:00:00Z")));
        october.Policies.ShouldBe([policy]);
        october.SlaOutcome.ShouldBe(new SlaOutcomeFilter(SlaTarget.Resolution, Met: true));
        var november = rows[1][7].DrillDown.ShouldNotBeNull();
        november.Resolved.ShouldBe(new TimeWindow(At("2026-11-01T00:00:00Z"), At("2026-11-11T00:00:00Z")));
        november.SlaOutcome.ShouldBe(new SlaOutcomeFilter(SlaTarget.FirstResponse, Met: false));
        rows[1][3].Number.ShouldBe(7);
    }

    [Fact]
    public void A_none_group_opens_the_list_of_tickets_without_that_value()
    {
        var day = new DateOnly(2026, 11, 2);
        var report = Report("UTC", day, day);
        var figures = report.Figures with
        {
            ResolutionTimes =
            [
                new ResolutionTimes(ResolutionBuckets.Category, null, "None", 2, null, null),
                new ResolutionTimes(ResolutionBuckets.Department, null, "None", 3, null, null),
                new ResolutionTimes(ResolutionBuckets.Assignee, null, "Unassigned", 4, null, null),
            ],
            TopDepartments = [new DimensionCount(null, "No department", 5)],
        };
        figures = figures with { Reopens = [new ReopenRate(ResolutionBuckets.Category, null, "None", 2, 1)] };

        var tables = AnalyticsTables.Build(report with { Figures = figures });

        var resolution = tables.Single(t => t.Key == AnalyticsTables.Resolution).Rows.Select(r => r[2].DrillDown.ShouldNotBeNull()).ToList();
        resolution[0].Categories.ShouldBe([TicketFilter.NoCategory]);
        resolution[1].Departments.ShouldBe([TicketFilter.NoDepartment]);
        resolution[2].Assignee.ShouldBe(AssigneeFilter.Nobody);
        tables.Single(t => t.Key == AnalyticsTables.Departments).Rows.Single()[1].DrillDown.ShouldNotBeNull().Departments.ShouldBe([TicketFilter.NoDepartment]);
        var reopened = tables.Single(t => t.Key == AnalyticsTables.Reopens).Rows.Single();
        reopened[3].DrillDown.ShouldNotBeNull().Reopened.ShouldBeTrue();
        reopened[3].DrillDown!.Categories.ShouldBe([TicketFilter.NoCategory]);
        reopened[4].Text.ShouldBe("50.0 %");
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    private static AnalyticsReport Report(string zone, DateOnly day, DateOnly today)
    {
        var figures = new AnalyticsFigures(
            [new AnalyticsDay(day, 3, 2, 5)],
            [],
            5,
            [],
            AgingBoundaries.Buckets(today, 5, new Dictionary<DateOnly, long>()),
            [],
            []);
        var scope = new AnalyticsScope(new AnalyticsPeriod(day, day), AnalyticsFilter.None, zone, today, DateTimeOffset.UnixEpoch);
        return new AnalyticsReport(scope, figures, [], "by Championship IT due date");
    }
}
