using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Application.Analytics;
using Ticketing.Application.Analytics.Queries.GetAnalytics;
using Ticketing.Application.Sla.Commands.RecomputeSla;
using Ticketing.Application.Sla.Commands.SaveSlaPolicy;
using Ticketing.IntegrationTests.Reports;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator;

namespace Ticketing.IntegrationTests.Analytics;

/// <summary>
/// The analytics page over a synced mirror: its figures equal the same counts taken straight from the
/// mirror, filters narrow them, each drill-down list counts exactly the figure it was opened from, the
/// CSVs hold the tables, and a zone's days start at that zone's midnight.
/// </summary>
public sealed partial class AnalyticsPageTests(AnalyticsPageTests.Fixture fixture) : IClassFixture<AnalyticsPageTests.Fixture>
{
    private TestApp App => fixture.App;

    private static DateOnly TodayUtc => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Key_numbers_equal_the_mirror_counted_directly_with_and_without_a_filter()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var from = TodayUtc.AddDays(-364);

        var html = await staff.GetHtmlAsync("/Analytics?period=365");
        html.ShouldContain("Days run from midnight to midnight in your time zone, <strong>UTC</strong>");
        var created = KeyNumber(html, "key-created");
        created.ShouldBeGreaterThan(0);
        created.ShouldBe(await CreatedBetweenAsync(from, TodayUtc, "UTC", priority: null));
        KeyNumber(html, "key-backlog").ShouldBe(await App.ScalarAsync<long>(
            "SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL AND status IN ('open', 'in_progress', 'pending', 'on_hold')"));

        var high = await staff.GetHtmlAsync("/Analytics?period=365&priority=high");
        var highCreated = KeyNumber(high, "key-created");
        highCreated.ShouldBeLessThan(created);
        highCreated.ShouldBe(await CreatedBetweenAsync(from, TodayUtc, "UTC", priority: "high"));
    }

    [Fact]
    public async Task The_backlog_of_each_day_equals_the_tickets_open_at_that_days_end()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var csv = await staff.GetHtmlAsync("/Analytics?period=90&handler=Csv&chart=backlog");

        var rows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        rows[0].ShouldBe("Day,Open at end of day");
        rows.Length.ShouldBe(91);
        foreach (var index in new[] { 1, 30, 60, 90 })
        {
            var cells = ParseCsvRow(rows[index]);
            var day = DateOnly.ParseExact(cells[0], "ddd d MMM yyyy", CultureInfo.InvariantCulture);
            var end = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var expected = await App.ScalarAsync<long>("""
                SELECT count(*) FROM tickets_cache
                WHERE deleted_at IS NULL AND created_at < $1
                  AND (status IN ('open', 'in_progress', 'pending', 'on_hold')
                       OR (status IN ('resolved', 'closed') AND resolved_at IS NOT NULL AND resolved_at >= $1))
                """, end);
            long.Parse(cells[1], CultureInfo.InvariantCulture).ShouldBe(expected, $"backlog at the end of {day}");
        }
    }

    [Fact]
    public async Task Every_drill_down_list_counts_exactly_the_figure_it_was_opened_from()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var html = await staff.GetHtmlAsync($"/Analytics?period=30&category=Network&category=Hardware&policy={fixture.PolicyId}");

        var drills = DrillLink().Matches(html).Select(m => (Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Count: long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture))).ToList();
        drills.Count.ShouldBeGreaterThan(2);
        drills.ShouldContain(d => d.Href.Contains("sla=overdue", StringComparison.Ordinal));
        foreach (var parameter in new[] { "created_from=", "resolved_from=", "open_at=", "responded_from=", "reopened=yes" })
        {
            drills.ShouldContain(d => d.Href.Contains(parameter, StringComparison.Ordinal), parameter);
        }

        foreach (var (href, count) in drills)
        {
            href.ShouldMatch("category=(Network|Hardware)");
            href.ShouldContain($"policy={fixture.PolicyId}");
            var list = await staff.GetHtmlAsync(href);
            ListTotal(list).ShouldBe(count, href);
        }

        var openNow = OpenNowLink().Match(html);
        openNow.Success.ShouldBeTrue();
        var openList = await staff.GetHtmlAsync(WebUtility.HtmlDecode(openNow.Groups["href"].Value));
        ListTotal(openList).ShouldBe(long.Parse(openNow.Groups["count"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_reopen_rate_counts_the_resolved_tickets_reopened_before_and_its_list_holds_exactly_them()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var from = TodayUtc.AddDays(-364);
        var html = await staff.GetHtmlAsync("/Analytics?period=365");
        html.ShouldContain("the share that had been");

        // The definition counted straight from the mirror and its history; the fixture reopened open tickets too, which must not count.
        var expected = await App.ScalarAsync<long>("""
            SELECT count(*) FROM tickets_cache t
            WHERE t.deleted_at IS NULL AND t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL
              AND (t.resolved_at AT TIME ZONE 'UTC')::date BETWEEN $1 AND $2
              AND EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'status'
                          AND h.old_value IN ('resolved', 'closed') AND h.new_value IN ('open', 'in_progress', 'pending', 'on_hold'))
            """, from, TodayUtc);
        expected.ShouldBeGreaterThan(0);
        (await App.ScalarAsync<long>("""
            SELECT count(*) FROM tickets_cache t
            WHERE t.deleted_at IS NULL AND t.status IN ('open', 'in_progress', 'pending', 'on_hold')
              AND EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'status' AND h.old_value = 'resolved')
            """)).ShouldBeGreaterThan(0);

        var resolved = KeyNumber(html, "key-resolved");
        html.ShouldContain($"data-testid=\"key-reopen\">{AnalyticsTables.PercentText(100.0 * expected / resolved)}<");
        html.ShouldContain($"{expected.ToString("N0", CultureInfo.InvariantCulture)} of {resolved.ToString("N0", CultureInfo.InvariantCulture)} resolved had been reopened");

        var reopened = KeyedDrillLink().Matches(html)
            .Where(m => m.Groups["key"].Value == AnalyticsTables.Reopens && m.Groups["href"].Value.Contains("reopened=yes", StringComparison.Ordinal))
            .Select(m => (Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Count: long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)))
            .ToList();
        reopened.ShouldContain(d => d.Count == expected && !d.Href.Contains("category=", StringComparison.Ordinal) && !d.Href.Contains("priority=", StringComparison.Ordinal));
        var all = reopened.First(d => d.Count == expected && !d.Href.Contains("category=", StringComparison.Ordinal) && !d.Href.Contains("priority=", StringComparison.Ordinal));
        var list = await staff.GetHtmlAsync(all.Href);
        ListTotal(list).ShouldBe(expected);
        list.ShouldContain("reopened at least once");

        // By group, including a "None" group where there is one: each link's list counts its figure.
        foreach (var (href, count) in reopened.Where(d => d.Href != all.Href).Take(12))
        {
            ListTotal(await staff.GetHtmlAsync(href)).ShouldBe(count, href);
        }
    }

    [Fact]
    public async Task Each_sla_compliance_cell_and_each_none_group_opens_a_list_of_exactly_its_tickets()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var html = await staff.GetHtmlAsync("/Analytics?period=365");
        var drills = KeyedDrillLink().Matches(html)
            .Select(m => (Key: m.Groups["key"].Value, Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Count: long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)))
            .ToList();

        // Every met and breached cell of the compliance table, both targets.
        var sla = drills.Where(d => d.Key == AnalyticsTables.Sla).ToList();
        foreach (var outcome in new[] { "resolution.met", "resolution.breached", "first_response.met", "first_response.breached" })
        {
            sla.ShouldContain(d => d.Href.Contains($"sla_outcome={outcome}", StringComparison.Ordinal), outcome);
        }

        sla.Sum(d => d.Count).ShouldBeGreaterThan(0);
        foreach (var (_, href, count) in sla)
        {
            href.ShouldContain($"policy={fixture.PolicyId}");
            ListTotal(await staff.GetHtmlAsync(href)).ShouldBe(count, href);
        }

        // The "None" groups: no category, no department (both made by the fixture) and nobody assigned.
        static bool Has(string href, string parameter) => Uri.UnescapeDataString(href).Contains(parameter, StringComparison.Ordinal);
        var none = drills.Where(d => Has(d.Href, "category=(none)") || Has(d.Href, "department=(none)") || Has(d.Href, "assignee=unassigned")).ToList();
        none.Any(d => Has(d.Href, "category=(none)") && d.Count > 0).ShouldBeTrue("a counted group without a category");
        none.Any(d => Has(d.Href, "department=(none)") && d.Count > 0).ShouldBeTrue("a counted group without a department");
        foreach (var (key, href, count) in none.Take(30))
        {
            ListTotal(await staff.GetHtmlAsync(href)).ShouldBe(count, $"{key}: {href}");
        }
    }

    [Fact]
    public async Task Each_met_and_breached_figure_of_the_overviews_compliance_table_opens_a_list_of_exactly_its_tickets()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var html = await staff.GetHtmlAsync("/");
        var links = OverviewComplianceLink().Matches(html)
            .Select(m => (Kind: m.Groups["kind"].Value, Href: WebUtility.HtmlDecode(m.Groups["href"].Value), Count: long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)))
            .ToList();
        links.ShouldContain(l => l.Kind == "met");
        links.ShouldContain(l => l.Kind == "breach");
        foreach (var (kind, href, count) in links)
        {
            ListTotal(await staff.GetHtmlAsync(href)).ShouldBe(count, $"{kind}: {href}");
        }
    }

    [Fact]
    public async Task Each_chart_has_a_csv_of_its_table()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        foreach (var chart in AnalyticsTables.Keys)
        {
            using var response = await staff.GetAsync($"/Analytics?period=365&handler=Csv&chart={chart}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, chart);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeGreaterThan(1, chart);
        }

        using var unknown = await staff.GetAsync("/Analytics?handler=Csv&chart=nothing");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_pdf_report_holds_the_figures_the_page_shows_as_text_in_a4_and_letter()
    {
        using var staff = await App.SignedInAsync(TestUser.Staff);
        var html = await staff.GetHtmlAsync("/Analytics?period=365&priority=high&priority=critical");
        var created = KeyNumber(html, "key-created");
        var backlog = KeyNumber(html, "key-backlog");
        var workloadNames = WorkloadName().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        workloadNames.ShouldNotBeEmpty();

        using var a4 = await staff.GetAsync("/Analytics?period=365&priority=high&priority=critical&handler=Pdf");
        a4.StatusCode.ShouldBe(HttpStatusCode.OK);
        a4.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await a4.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            var firstPage = pdf.GetPage(1);
            firstPage.Width.ShouldBe(595, tolerance: 1);
            firstPage.Height.ShouldBe(842, tolerance: 1);
            var text = string.Join('\n', pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
            text.ShouldContain("Ticketing — Analytics");
            text.ShouldContain("Days run from midnight to midnight in UTC.");
            text.ShouldContain("Filters: priority High, Critical.");
            text.ShouldContain($"Created {created.ToString("N0", CultureInfo.InvariantCulture)}");
            text.ShouldContain($"Open at the end {backlog.ToString("N0", CultureInfo.InvariantCulture)}");
            foreach (var caption in new[] { "Created and resolved per day", "Backlog: open tickets at each day's end", "Workload per assignee", "Aging of open tickets (now)" })
            {
                text.ShouldContain(caption);
            }

            foreach (var name in workloadNames)
            {
                text.ShouldContain(name);
            }

            text.ShouldContain("Reopen rate of tickets resolved in the period");
            text.ShouldContain("Reopen rate (resolved, reopened before)");

            // Reading order: the key numbers come before the figures, the figures in the page's order.
            text.IndexOf("Key numbers", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("Created and resolved per day", StringComparison.Ordinal));
            text.IndexOf("Created and resolved per day", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("Workload per assignee", StringComparison.Ordinal));
        }

        // A tagged PDF: headings, paragraphs, tables with header cells and the charts as figures with a text alternative.
        using (var tagged = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            var elements = TaggedPdf.Structure(tagged);
            var types = elements.Select(e => e.Type).ToList();
            types.Count(t => t == "H1").ShouldBe(1);
            types.Count(t => t == "H2").ShouldBe(AnalyticsTables.Keys.Count + 1);
            foreach (var type in new[] { "P", "Table", "THead", "TBody", "TR", "TH", "TD", "Figure" })
            {
                types.ShouldContain(type);
            }

            var figures = elements.Where(e => e.Type == "Figure").ToList();
            figures.ShouldAllBe(f => !string.IsNullOrWhiteSpace(f.Alt));
            figures.ShouldContain(f => f.Alt!.StartsWith("Line chart: Created and resolved per day", StringComparison.Ordinal));
            figures.ShouldContain(f => f.Alt!.StartsWith("Bar chart: Workload per assignee", StringComparison.Ordinal) && f.Alt.Contains(workloadNames[0], StringComparison.Ordinal));
            tagged.Information.Title.ShouldNotBeNullOrWhiteSpace();
            tagged.GetPages().Any(p => p.GetMarkedContents().Any(m => m.IsArtifact)).ShouldBeTrue("table rules are artifacts");
        }

        using var letter = await staff.GetAsync("/Analytics?period=30&handler=Pdf&paper=letter");
        using var letterPdf = UglyToad.PdfPig.PdfDocument.Open(await letter.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        letterPdf.GetPage(1).Width.ShouldBe(612, tolerance: 1);
        letterPdf.GetPage(1).Height.ShouldBe(792, tolerance: 1);
    }

    [Fact]
    public async Task Days_start_at_midnight_in_the_viewers_zone()
    {
        const string zone = "Asia/Kolkata";
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        var from = today.AddDays(-89);

        var report = await App.SendAsync(new GetAnalyticsQuery(from, today, zone, AnalyticsFilter.None, Fresh: true), TestUser.Staff);

        report.Scope.Zone.ShouldBe(zone);
        report.Created.ShouldBe(await CreatedBetweenAsync(from, today, zone, priority: null));
        report.Figures.Days.Count.ShouldBe(90);
        (await App.ScalarAsync<long>("SELECT count(*) FROM analytics_zones WHERE zone = $1", zone)).ShouldBe(1);
    }

    [Fact]
    public async Task A_days_drill_down_lists_the_tickets_of_that_day_in_the_viewers_zone_across_a_clock_change()
    {
        // Chile's clocks skip local midnight when summer time starts: that day begins at 01:00.
        const string zoneId = "America/Santiago";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        using var staff = await App.SignedInAsync(TestUser.Staff);
        staff.SetCookie("tz", zoneId);
        var html = await staff.GetHtmlAsync("/Analytics?period=365");
        html.ShouldContain($"<strong>{zoneId}</strong>");

        var created = new Dictionary<DateOnly, (string Href, long Count)>();
        var backlog = new Dictionary<DateOnly, (string Href, long Count)>();
        foreach (Match match in KeyedDrillLink().Matches(html))
        {
            var href = WebUtility.HtmlDecode(match.Groups["href"].Value);
            var count = long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
            if (match.Groups["key"].Value == AnalyticsTables.Daily && Instant(href, "created_from") is { } from)
            {
                var local = TimeZoneInfo.ConvertTime(from, zone);
                local.TimeOfDay.ShouldBe(zone.IsInvalidTime(local.Date) ? TimeSpan.FromHours(1) : TimeSpan.Zero, href);
                created[DateOnly.FromDateTime(local.Date)] = (href, count);
            }
            else if (match.Groups["key"].Value == AnalyticsTables.Backlog && Instant(href, "open_at") is { } end)
            {
                backlog[DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, zone).Date).AddDays(-1)] = (href, count);
            }
        }

        created.Count.ShouldBe(365);
        backlog.Count.ShouldBe(365);
        var gapDays = created.Keys.Where(d => zone.IsInvalidTime(d.ToDateTime(TimeOnly.MinValue))).ToList();
        gapDays.ShouldNotBeEmpty();
        var checkedDays = created.Keys.Where(d => d.DayNumber % 29 == 0 || (created[d].Count > 0 && d.DayNumber % 5 == 0))
            .Concat(gapDays).Concat(gapDays.Select(d => d.AddDays(-1))).Distinct().ToList();
        checkedDays.Count.ShouldBeGreaterThan(10);

        var differsFromUtc = false;
        foreach (var day in checkedDays)
        {
            var (href, count) = created[day];
            count.ShouldBe(await CreatedBetweenAsync(day, day, zoneId, priority: null), $"created on {day} in {zoneId}");
            ListTotal(await staff.GetHtmlAsync(href)).ShouldBe(count, href);
            differsFromUtc |= count != await CreatedBetweenAsync(day, day, "UTC", priority: null);
        }

        differsFromUtc.ShouldBeTrue("some checked day counts differently in UTC, so the zone's midnight is what was tested");
        foreach (var day in gapDays.Append(checkedDays[0]))
        {
            var (href, count) = backlog[day];
            ListTotal(await staff.GetHtmlAsync(href)).ShouldBe(count, href);
        }
    }

    private static DateTimeOffset? Instant(string href, string parameter)
    {
        var match = Regex.Match(href, $"[?&]{parameter}=([^&]+)", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success
            ? DateTimeOffset.Parse(Uri.UnescapeDataString(match.Groups[1].Value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
    }

    private async Task<long> CreatedBetweenAsync(DateOnly from, DateOnly to, string zone, string? priority) =>
        await App.ScalarAsync<long>(
            "SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL AND (created_at AT TIME ZONE $1)::date BETWEEN $2 AND $3 AND priority LIKE $4",
            zone, from, to, priority ?? "%");

    private static long KeyNumber(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\">([0-9,]+)<", RegexOptions.None, TimeSpan.FromSeconds(1));
        match.Success.ShouldBeTrue(testId);
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private static long ListTotal(string html)
    {
        var match = ListTotalText().Match(html);
        match.Success.ShouldBeTrue();
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private static string[] ParseCsvRow(string row) => row.Split(',').Select(c => c.Trim('"')).ToArray();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-drill=\"[a-z-]+\" data-count=\"(?<count>[0-9]+)\"")]
    private static partial Regex DrillLink();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-drill=\"(?<key>[a-z-]+)\" data-count=\"(?<count>[0-9]+)\"")]
    private static partial Regex KeyedDrillLink();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-testid=\"key-open-now-link\">(?<count>[0-9,]+) open now</a>")]
    private static partial Regex OpenNowLink();

    [GeneratedRegex("<tr>\\s*<th scope=\"row\">([^<]+)</th>\\s*<td class=\"text-end\"><a href=\"[^\"]+\" data-drill=\"workload\"")]
    private static partial Regex WorkloadName();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-testid=\"(?<kind>met|breach)-link\" data-count=\"(?<count>[0-9]+)\"")]
    private static partial Regex OverviewComplianceLink();

    [GeneratedRegex("data-list-total>([0-9,]+) ticket")]
    private static partial Regex ListTotalText();

    public sealed class Fixture : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            // Without the background SLA loop: its claims would let the recompute below return while the loop still
            // held some tickets uncommitted, and the tests would read the SLA figures before they were complete.
            App = await TestApp.StartAsync(new()
            {
                Simulator = new SimulatorSettings { TicketCount = 400, Seed = 21 },
                Purpose = "analytics-page",
                Settings = new Dictionary<string, string?> { ["Ticketing:Sla:RunRecompute"] = "false" },
            });
            await App.SyncAsync(full: true);

            // An SLA policy for every ticket and a first public reply by an agent on most of them, so the
            // policy and first-response figures have something to count; the recompute writes ticket_sla.
            PolicyId = await App.SendAsync(
                new SaveSlaPolicyCommand { Name = "Standard", IsDefault = true, FirstResponseHours = 4, ResolutionHours = 72 },
                TestUser.Admin);
            await App.ExecuteAsync("""
                INSERT INTO remote_agents (id, name, email, active, refreshed_at)
                VALUES ('agt_analytics_page', 'Ana Lytics', 'ana.lytics@analytics.test', true, now())
                ON CONFLICT (id) DO NOTHING;
                INSERT INTO ticket_comments (ticket_id, external_comment_id, author_name, author_email, body, created_at, visibility)
                SELECT t.id, 'cmt_analytics_' || t.external_ticket_id, 'Ana Lytics', 'ana.lytics@analytics.test', 'First reply',
                       t.created_at + make_interval(mins => 20 + abs(hashtext(t.external_ticket_id)) % 9000), 'public'
                FROM tickets_cache t
                WHERE t.deleted_at IS NULL AND abs(hashtext(t.external_ticket_id)) % 5 <> 0;
                """);

            // Some tickets without a category or a department, so the "None" groups have something to count.
            await App.ExecuteAsync("""
                UPDATE tickets_cache SET category = NULL WHERE deleted_at IS NULL AND abs(hashtext(external_ticket_id)) % 7 = 1;
                UPDATE tickets_cache SET department = NULL WHERE deleted_at IS NULL AND abs(hashtext(external_ticket_id)) % 7 = 2;
                """);

            // Reopenings as the sync records them (a status change from resolved back to an active status): on a
            // third of the resolved tickets, which were resolved again since, and on some still open, which the
            // reopen rate must not count until they are resolved again.
            await App.ExecuteAsync("""
                INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
                SELECT t.id, 'status', 'resolved', 'in_progress', coalesce(t.resolved_at, t.updated_at) - interval '2 hours', now(), 'sync'
                FROM tickets_cache t
                WHERE t.deleted_at IS NULL AND abs(hashtext(t.external_ticket_id)) % 3 = 0
                """);
            await App.SendAsync(new RecomputeSlaCommand(MaxBatches: 1_000));
        }

        public Guid PolicyId { get; private set; }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
