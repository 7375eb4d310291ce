using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Views;
using Ticketing.IntegrationTests.Sync;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// One app with a synced cache, an admin's saved view and notification, and a browser per role.
/// Nothing here changes data: every POST goes without its antiforgery token.
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public TestBrowser Anonymous { get; private set; } = null!;

    public TestBrowser Staff { get; private set; } = null!;

    public TestBrowser Admin { get; private set; } = null!;

    /// <summary>Values for the route placeholders of the matrix: <c>{ticket}</c>, <c>{project}</c> ...</summary>
    internal Dictionary<string, string> Ids { get; } = [];

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartAsync(new() { Purpose = "authz" });
        var outcome = await App.SyncAsync(full: true, SyncType.Manual);
        outcome.Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        await using var db = App.Database.CreateDbContext();
        var adminId = await db.Users.Where(u => u.Email == TestUser.Admin.Email).Select(u => u.Id).SingleAsync();
        var staffId = await db.Users.Where(u => u.Email == TestUser.Staff.Email).Select(u => u.Id).SingleAsync();
        var ticketId = await db.Tickets.OrderBy(t => t.TicketNumber).Select(t => t.Id).FirstAsync();
        var view = new SavedView { Id = Guid.CreateVersion7(), UserId = adminId, Name = "Admin's open tickets", QueryString = "status=open", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        var notification = new TicketNotification
        {
            Id = Guid.CreateVersion7(),
            TicketId = ticketId,
            UserId = adminId,
            NotificationType = NotificationType.Assignment,
            Title = "A ticket was assigned to you",
            Message = "For the admin only.",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.SavedViews.Add(view);
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();

        Ids["{ticket}"] = ticketId.ToString();
        Ids["{project}"] = (await db.Projects.Select(p => p.Id).FirstAsync()).ToString();
        Ids["{assignment}"] = (await db.Assignments.Select(a => a.Id).FirstAsync()).ToString();
        Ids["{synclog}"] = (await db.SyncLogs.Select(l => l.Id).FirstAsync()).ToString();
        Ids["{user}"] = staffId;
        Ids["{view}"] = view.Id.ToString();
        Ids["{notification}"] = notification.Id.ToString();

        Anonymous = App.NewBrowser();
        Staff = await App.SignedInAsync(TestUser.Staff);
        Admin = await App.SignedInAsync(TestUser.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        Staff.Dispose();
        Admin.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>
/// Fault: a visitor without the right role (or without signing in) tries every page, handler and
/// endpoint. The user sees: the sign-in page, "access denied" (403), or "not found" for another
/// user's items; a form posted without its antiforgery token is refused (400). Data: unchanged.
/// A page or endpoint added without a row in <see cref="Matrix"/> fails
/// <see cref="Every_page_handler_and_endpoint_of_the_app_has_a_row_in_the_matrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture) : IClassFixture<AuthorizationMatrixFixture>
{
    /// <summary>What a client ends on, as a browser would show it.</summary>
    public enum Outcome
    {
        /// <summary>200.</summary>
        Ok,

        /// <summary>A redirect to the sign-in page.</summary>
        SignIn,

        /// <summary>403, directly or through the access-denied page.</summary>
        Forbidden,

        /// <summary>404.</summary>
        NotFound,

        /// <summary>A redirect anywhere but the sign-in and access-denied pages.</summary>
        Redirect,

        /// <summary>400: for a form, the antiforgery check.</summary>
        BadRequest,

        /// <summary>401: for the webhook, a missing signature.</summary>
        Unauthorized,

        /// <summary>503: readiness without a job server.</summary>
        Unavailable,

        /// <summary>405.</summary>
        MethodNotAllowed,
    }

    private const Outcome Ok = Outcome.Ok;
    private const Outcome SignIn = Outcome.SignIn;
    private const Outcome Forbidden = Outcome.Forbidden;
    private const Outcome NotFound = Outcome.NotFound;
    private const Outcome Redirect = Outcome.Redirect;
    private const Outcome BadRequest = Outcome.BadRequest;

    /// <summary>
    /// Every page handler ("GET /Tickets/Details", "POST /Admin/Index?handler=Test") and every other
    /// endpoint ("GET /sync/status") with the path requested and the outcome for an anonymous visitor,
    /// a Staff user and an Admin. POSTs are sent without an antiforgery token: where the role may post,
    /// the outcome is the token check's 400 (the request reached the page, and nothing changed).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Row> Matrix = new Dictionary<string, Row>
    {
        // Account
        ["GET /Account/AccessDenied"] = new("/Account/AccessDenied", Forbidden, Forbidden, Forbidden),
        ["GET /Account/ChangePassword"] = new("/Account/ChangePassword", SignIn, Ok, Ok),
        ["GET /Account/Notifications"] = new("/Account/Notifications", SignIn, Ok, Ok),
        ["POST /Account/Notifications"] = new("/Account/Notifications", SignIn, BadRequest, BadRequest),
        ["POST /Account/Notifications?handler=RotateCalendar"] = new("/Account/Notifications?handler=RotateCalendar", SignIn, BadRequest, BadRequest),
        // The e-mail's unsubscribe link needs no sign-in: the signed token is the proof, and a made-up one finds nothing.
        ["GET /Unsubscribe"] = new("/unsubscribe/not-a-token", NotFound, NotFound, NotFound),
        ["POST /Unsubscribe"] = new("/unsubscribe/not-a-token", NotFound, NotFound, NotFound),
        ["GET /Reports/Unsubscribe"] = new("/unsubscribe/report/not-a-token", NotFound, NotFound, NotFound),
        ["POST /Reports/Unsubscribe"] = new("/unsubscribe/report/not-a-token", NotFound, NotFound, NotFound),
        ["POST /Account/ChangePassword"] = new("/Account/ChangePassword", SignIn, BadRequest, BadRequest),
        ["GET /Account/Login"] = new("/Account/Login", Ok, Redirect, Redirect),
        ["POST /Account/Login"] = new("/Account/Login", BadRequest, BadRequest, BadRequest),
        ["GET /Account/Logout"] = new("/Account/Logout", SignIn, Redirect, Redirect),
        ["GET /Account/LoginWithMfa"] = new("/Account/LoginWithMfa", SignIn, SignIn, SignIn),
        ["POST /Account/LoginWithMfa"] = new("/Account/LoginWithMfa", BadRequest, BadRequest, BadRequest),
        ["GET /Account/Mfa"] = new("/Account/Mfa", SignIn, Ok, Ok),
        ["POST /Account/Mfa?handler=Confirm"] = new("/Account/Mfa?handler=Confirm", SignIn, BadRequest, BadRequest),
        ["POST /Account/Mfa?handler=RecoveryCodes"] = new("/Account/Mfa?handler=RecoveryCodes", SignIn, BadRequest, BadRequest),
        ["POST /Account/Mfa?handler=Disable"] = new("/Account/Mfa?handler=Disable", SignIn, BadRequest, BadRequest),
        ["GET /Account/KeepAlive"] = new("/Account/KeepAlive", SignIn, Outcome.MethodNotAllowed, Outcome.MethodNotAllowed),
        ["POST /Account/KeepAlive"] = new("/Account/KeepAlive", SignIn, BadRequest, BadRequest),
        ["POST /Account/Logout"] = new("/Account/Logout", SignIn, BadRequest, BadRequest),

        // Admin: the folder is Admin-only
        ["GET /Admin/Index"] = new("/Admin", SignIn, Forbidden, Ok),
        ["GET /Admin/Mail/Index"] = new("/Admin/Mail", SignIn, Forbidden, Ok),
        ["POST /Admin/Mail/Index"] = new("/Admin/Mail", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Mail/Index?handler=Test"] = new("/Admin/Mail?handler=Test", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Mail/Index?handler=Retry"] = new("/Admin/Mail?handler=Retry", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Mail/Defaults"] = new("/Admin/Mail/Defaults", SignIn, Forbidden, Ok),
        ["POST /Admin/Mail/Defaults"] = new("/Admin/Mail/Defaults", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Chat/Index"] = new("/Admin/Chat", SignIn, Forbidden, Ok),
        ["POST /Admin/Chat/Index"] = new("/Admin/Chat", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Chat/Index?handler=Test"] = new("/Admin/Chat?handler=Test", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Chat/Index?handler=Delete"] = new("/Admin/Chat?handler=Delete", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Index"] = new("/Admin", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Index?handler=Test"] = new("/Admin?handler=Test", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Index?handler=Rotate"] = new("/Admin?handler=Rotate", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Audit/Index"] = new("/Admin/Audit", SignIn, Forbidden, Ok),
        ["GET /Admin/Audit/Index?handler=Export"] = new("/Admin/Audit?handler=Export", SignIn, Forbidden, Ok),
        ["POST /Admin/Audit/Index?handler=Verify"] = new("/Admin/Audit?handler=Verify", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Monitoring/Index"] = new("/Admin/Monitoring", SignIn, Forbidden, Ok),
        ["GET /Admin/SyncLogs/Index"] = new("/Admin/SyncLogs", SignIn, Forbidden, Ok),
        ["GET /Admin/SyncLogs/Details"] = new("/Admin/SyncLogs/Details/{synclog}", SignIn, Forbidden, Ok),
        ["GET /Admin/Triage/Index"] = new("/Admin/Triage", SignIn, Forbidden, Ok),
        ["POST /Admin/Triage/Index"] = new("/Admin/Triage", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Triage/Index?handler=Train"] = new("/Admin/Triage?handler=Train", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Templates/Index"] = new("/Admin/Templates", SignIn, Forbidden, Ok),
        ["GET /Admin/Templates/Edit"] = new("/Admin/Templates/Edit", SignIn, Forbidden, Ok),
        ["POST /Admin/Templates/Edit"] = new("/Admin/Templates/Edit", SignIn, Forbidden, BadRequest),
        // Any id will do: the token check refuses the post before the template is looked up.
        ["POST /Admin/Templates/Edit?handler=Delete"] = new("/Admin/Templates/Edit/{ticket}?handler=Delete", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Phi/Index"] = new("/Admin/Phi", SignIn, Forbidden, Ok),
        ["POST /Admin/Phi/Index?handler=Add"] = new("/Admin/Phi?handler=Add", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Phi/Index?handler=Change"] = new("/Admin/Phi?handler=Change", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Phi/Index?handler=Reclassify"] = new("/Admin/Phi?handler=Reclassify", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Phi/Index?handler=Access"] = new("/Admin/Phi?handler=Access", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Sla/Index"] = new("/Admin/Sla", SignIn, Forbidden, Ok),
        ["POST /Admin/Sla/Index?handler=Recompute"] = new("/Admin/Sla?handler=Recompute", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Sla/Policy"] = new("/Admin/Sla/Policy", SignIn, Forbidden, Ok),
        ["POST /Admin/Sla/Policy"] = new("/Admin/Sla/Policy", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Sla/Policy?handler=Delete"] = new("/Admin/Sla/Policy/{ticket}?handler=Delete", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Sla/Escalations"] = new("/Admin/Sla/Escalations/{ticket}", SignIn, Forbidden, NotFound),
        ["POST /Admin/Sla/Escalations"] = new("/Admin/Sla/Escalations/{ticket}", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Sla/Escalations?handler=Delete"] = new("/Admin/Sla/Escalations/{ticket}?handler=Delete&ruleId={ticket}", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Sla/Calendar"] = new("/Admin/Sla/Calendar", SignIn, Forbidden, Ok),
        ["POST /Admin/Sla/Calendar"] = new("/Admin/Sla/Calendar", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Sla/Calendar?handler=Delete"] = new("/Admin/Sla/Calendar/{ticket}?handler=Delete", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Users/Index"] = new("/Admin/Users", SignIn, Forbidden, Ok),
        ["GET /Admin/Users/Create"] = new("/Admin/Users/Create", SignIn, Forbidden, Ok),
        ["POST /Admin/Users/Create"] = new("/Admin/Users/Create", SignIn, Forbidden, BadRequest),
        ["GET /Admin/Users/Edit"] = new("/Admin/Users/Edit/{user}", SignIn, Forbidden, Ok),
        ["POST /Admin/Users/Edit"] = new("/Admin/Users/Edit/{user}", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Users/Edit?handler=ResetMfa"] = new("/Admin/Users/Edit/{user}?handler=ResetMfa", SignIn, Forbidden, BadRequest),
        ["POST /Admin/Users/Index?handler=Security"] = new("/Admin/Users?handler=Security", SignIn, Forbidden, BadRequest),

        // Assignments
        ["GET /Assignments/Index"] = new("/Assignments", SignIn, Ok, Ok),
        ["GET /Assignments/Create"] = new("/Assignments/Create", SignIn, Ok, Ok),
        ["POST /Assignments/Create"] = new("/Assignments/Create", SignIn, BadRequest, BadRequest),
        ["GET /Assignments/Details"] = new("/Assignments/Details/{assignment}", SignIn, Ok, Ok),
        ["POST /Assignments/Details?handler=Link"] = new("/Assignments/Details/{assignment}?handler=Link", SignIn, BadRequest, BadRequest),
        ["POST /Assignments/Details?handler=Unlink"] = new("/Assignments/Details/{assignment}?handler=Unlink", SignIn, BadRequest, BadRequest),
        ["GET /Assignments/Edit"] = new("/Assignments/Edit/{assignment}", SignIn, Ok, Ok),
        ["POST /Assignments/Edit"] = new("/Assignments/Edit/{assignment}", SignIn, BadRequest, BadRequest),

        // The error page: shown by the app for failures; visited directly it has nothing to show.
        ["GET /Error"] = new("/Error", NotFound, NotFound, NotFound),
        ["POST /Error"] = new("/Error", NotFound, NotFound, NotFound),

        // Overview
        ["GET /Index"] = new("/", SignIn, Ok, Ok),

        // Analytics
        ["GET /Analytics/Index"] = new("/Analytics", SignIn, Ok, Ok),
        ["GET /Analytics/Index?handler=Csv"] = new("/Analytics?handler=Csv&chart=backlog", SignIn, Ok, Ok),
        ["GET /Analytics/Index?handler=Pdf"] = new("/Analytics?handler=Pdf", SignIn, Ok, Ok),
        // Scheduled reports: anyone manages their own; the form posts need their fields.
        ["GET /Reports/Index"] = new("/Reports", SignIn, Ok, Ok),
        ["POST /Reports/Index"] = new("/Reports", SignIn, BadRequest, BadRequest),
        ["POST /Reports/Index?handler=Delete"] = new("/Reports?handler=Delete", SignIn, BadRequest, BadRequest),

        // Notifications: the admin's notification is a 404 for anyone else
        ["GET /Notifications/Index"] = new("/Notifications", SignIn, Ok, Ok),
        ["POST /Notifications/Index?handler=Read"] = new("/Notifications?handler=Read", SignIn, BadRequest, BadRequest),
        ["POST /Notifications/Index?handler=ReadAll"] = new("/Notifications?handler=ReadAll", SignIn, BadRequest, BadRequest),
        // Opening marks read, so only a post does it; a kept address just leads to the inbox.
        ["GET /Notifications/Open"] = new("/Notifications/Open/{notification}", SignIn, Redirect, Redirect),
        ["POST /Notifications/Open"] = new("/Notifications/Open/{notification}", SignIn, BadRequest, BadRequest),

        // Projects
        ["GET /Projects/Index"] = new("/Projects", SignIn, Ok, Ok),
        ["GET /Projects/Create"] = new("/Projects/Create", SignIn, Ok, Ok),
        ["POST /Projects/Create"] = new("/Projects/Create", SignIn, BadRequest, BadRequest),
        ["GET /Projects/Details"] = new("/Projects/Details/{project}", SignIn, Ok, Ok),
        ["POST /Projects/Details?handler=Link"] = new("/Projects/Details/{project}?handler=Link", SignIn, BadRequest, BadRequest),
        ["POST /Projects/Details?handler=Unlink"] = new("/Projects/Details/{project}?handler=Unlink", SignIn, BadRequest, BadRequest),
        ["GET /Projects/Edit"] = new("/Projects/Edit/{project}", SignIn, Ok, Ok),
        ["POST /Projects/Edit"] = new("/Projects/Edit/{project}", SignIn, BadRequest, BadRequest),
        ["GET /Projects/LinkTicket"] = new("/Projects/LinkTicket/{ticket}", SignIn, Ok, Ok),
        ["POST /Projects/LinkTicket"] = new("/Projects/LinkTicket/{ticket}", SignIn, BadRequest, BadRequest),
        ["POST /Projects/LinkTicket?handler=Unlink"] = new("/Projects/LinkTicket/{ticket}?handler=Unlink", SignIn, BadRequest, BadRequest),

        // Sync now
        ["GET /Sync/Index"] = new("/Sync", SignIn, Redirect, Redirect),
        ["POST /Sync/Index"] = new("/Sync", SignIn, BadRequest, BadRequest),

        // Tickets
        ["GET /Tickets/Index"] = new("/Tickets", SignIn, Ok, Ok),
        ["GET /Tickets/Index?handler=Rows"] = new("/Tickets?handler=Rows", SignIn, Ok, Ok),
        ["GET /Tickets/Index?handler=Counts"] = new("/Tickets?handler=Counts", SignIn, Ok, Ok),
        ["POST /Tickets/Index?handler=Inline"] = new("/Tickets?handler=Inline", SignIn, BadRequest, BadRequest),
        ["POST /Tickets/Index?handler=Preferences"] = new("/Tickets?handler=Preferences", SignIn, BadRequest, BadRequest),
        ["GET /Tickets/Details"] = new("/Tickets/Details/{ticket}", SignIn, Ok, Ok),
        ["GET /Tickets/Details?handler=Pdf"] = new("/Tickets/Details/{ticket}?handler=Pdf", SignIn, Ok, Ok),
        ["POST /Tickets/Details"] = new("/Tickets/Details/{ticket}", SignIn, BadRequest, BadRequest),
        ["POST /Tickets/Details?handler=Comment"] = new("/Tickets/Details/{ticket}?handler=Comment", SignIn, BadRequest, BadRequest),
        ["POST /Tickets/Details?handler=ApplyCategory"] = new("/Tickets/Details/{ticket}?handler=ApplyCategory", SignIn, BadRequest, BadRequest),
        ["POST /Tickets/Details?handler=Changes"] = new("/Tickets/Details/{ticket}?handler=Changes", SignIn, BadRequest, BadRequest),
        ["GET /Tickets/Create"] = new("/Tickets/Create", SignIn, Ok, Ok),
        ["GET /Tickets/Create?handler=Suggest"] = new("/Tickets/Create?handler=Suggest&title=vpn", SignIn, Ok, Ok),
        ["POST /Tickets/Create"] = new("/Tickets/Create", SignIn, BadRequest, BadRequest),
        ["GET /Tickets/Bulk"] = new("/Tickets/Bulk", SignIn, Redirect, Redirect),
        ["POST /Tickets/Bulk"] = new("/Tickets/Bulk", SignIn, BadRequest, BadRequest),
        ["GET /Tickets/Export"] = new("/Tickets/Export", SignIn, Ok, Ok),
        // Following: only a post changes it; a kept address just leads to the ticket.
        ["GET /Tickets/Follow"] = new("/Tickets/Follow/{ticket}", SignIn, Redirect, Redirect),
        // A ticket without PHI: its restricted view sends the reader on to the ticket page.
        ["GET /Tickets/Restricted"] = new("/Tickets/Restricted/{ticket}", SignIn, Redirect, Redirect),
        ["POST /Tickets/Restricted"] = new("/Tickets/Restricted/{ticket}", SignIn, BadRequest, BadRequest),
        ["POST /Tickets/Follow"] = new("/Tickets/Follow/{ticket}", SignIn, BadRequest, BadRequest),

        // Saved views: personal, so the admin's view is a 404 for anyone else
        ["GET /Views/Index"] = new("/Views", SignIn, Ok, Ok),
        ["POST /Views/Index?handler=Delete"] = new("/Views?handler=Delete", SignIn, BadRequest, BadRequest),
        ["POST /Views/Index?handler=Share"] = new("/Views?handler=Share", SignIn, BadRequest, BadRequest),
        ["POST /Views/Index?handler=DeleteShared"] = new("/Views?handler=DeleteShared", SignIn, BadRequest, BadRequest),
        ["GET /Views/Save"] = new("/Views/Save", SignIn, Ok, Ok),
        ["POST /Views/Save"] = new("/Views/Save", SignIn, BadRequest, BadRequest),
        ["GET /Views/Rename"] = new("/Views/Rename/{view}", SignIn, NotFound, Ok),
        ["POST /Views/Rename"] = new("/Views/Rename/{view}", SignIn, BadRequest, BadRequest),

        // Endpoints
        ["GET /sync/status"] = new("/sync/status", SignIn, Ok, Ok),
        // The private calendar address needs no sign-in (calendar apps cannot sign in); a made-up token finds nothing.
        ["GET /calendar/{token}.ics"] = new("/calendar/not-a-token.ics", NotFound, NotFound, NotFound),
        ["GET /overview/data"] = new("/overview/data", SignIn, Ok, Ok),
        ["GET /notifications/unread-count"] = new("/notifications/unread-count", SignIn, Ok, Ok),
        // The ticket page's composer and uploads: the token check (or a body that is no upload) answers 400.
        ["POST /tickets/{id:guid}/comments"] = new("/tickets/{ticket}/comments", SignIn, BadRequest, BadRequest),
        ["POST /tickets/{id:guid}/attachments"] = new("/tickets/{ticket}/attachments", SignIn, BadRequest, BadRequest),
        // A download is found only among the ticket's own attachments.
        ["GET /tickets/{id:guid}/attachments/{attachmentId}"] = new("/tickets/{ticket}/attachments/att_not_this_tickets", SignIn, NotFound, NotFound),
        ["POST /webhook/ticket-update"] = new("/webhook/ticket-update", Outcome.Unauthorized, Outcome.Unauthorized, Outcome.Unauthorized),
        // Health and metrics answer any method; metrics only to an admin (or the configured bearer token), never to "anything local".
        ["GET /health/live"] = new("/health/live", Ok, Ok, Ok),
        ["POST /health/live"] = new("/health/live", Ok, Ok, Ok),
        ["GET /health/ready"] = new("/health/ready", Outcome.Unavailable, Outcome.Unavailable, Outcome.Unavailable),
        ["POST /health/ready"] = new("/health/ready", Outcome.Unavailable, Outcome.Unavailable, Outcome.Unavailable),
        ["GET /metrics"] = new("/metrics", SignIn, Forbidden, Ok),
        ["POST /metrics"] = new("/metrics", SignIn, Forbidden, Ok),
        ["GET /hangfire/{**path}"] = new("/hangfire", SignIn, Forbidden, Ok),
        ["POST /hangfire/{**path}"] = new("/hangfire/recurring/trigger", SignIn, Forbidden, Forbidden),
        // The live-updates hub: its own 401 for a script without a sign-in; signed in, a bare request is malformed.
        ["POST /hubs/live/negotiate"] = new("/hubs/live/negotiate?negotiateVersion=1", Outcome.Unauthorized, Ok, Ok),
        ["GET /hubs/live/negotiate"] = new("/hubs/live/negotiate?negotiateVersion=1", Outcome.Unauthorized, Outcome.MethodNotAllowed, Outcome.MethodNotAllowed),
        ["GET /hubs/live"] = new("/hubs/live", Outcome.Unauthorized, BadRequest, BadRequest),
        ["POST /hubs/live"] = new("/hubs/live", Outcome.Unauthorized, BadRequest, BadRequest),
    };

    public static TheoryData<string> Rows => [.. Matrix.Keys];

    private TestApp App => fixture.App;

    [Fact]
    public async Task Every_page_handler_and_endpoint_of_the_app_has_a_row_in_the_matrix()
    {
        var endpoints = await EndpointKeysAsync();

        endpoints.Except(Matrix.Keys).ShouldBeEmpty("pages or endpoints without a row in the authorization matrix");
        Matrix.Keys.Except(endpoints).ShouldBeEmpty("rows of the matrix for pages or endpoints the app no longer has");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_role_gets_the_expected_outcome(string key)
    {
        var row = Matrix[key];
        var method = key.StartsWith("POST ", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;

        var outcomes = new[]
        {
            await OutcomeAsync(fixture.Anonymous, method, row.Path),
            await OutcomeAsync(fixture.Staff, method, row.Path),
            await OutcomeAsync(fixture.Admin, method, row.Path),
        };

        outcomes.ShouldBe([row.Anonymous, row.Staff, row.Admin], $"{key} as anonymous, Staff, Admin");
    }

    [Fact]
    public async Task Every_page_form_posted_without_its_antiforgery_token_is_refused_with_400()
    {
        var posts = (await EndpointKeysAsync()).Where(k => k.StartsWith("POST /", StringComparison.Ordinal) && char.IsUpper(k[6])).ToList();
        posts.Count.ShouldBeGreaterThan(20);

        // The unsubscribe link's POST is a mail client's RFC 8058 one-click request, which carries no token:
        // the signed token in its address is the proof (its matrix row shows a made-up one finds nothing).
        foreach (var key in posts.Where(k => k is not "POST /Error" and not "POST /Unsubscribe" and not "POST /Reports/Unsubscribe"))
        {
            (await OutcomeAsync(fixture.Admin, HttpMethod.Post, Matrix[key].Path)).ShouldBe(Outcome.BadRequest, key);
        }
    }

    [Fact]
    public async Task Another_users_notification_is_not_found_to_open_or_mark_read_and_stays_unread()
    {
        // A notification of the admin's own: the matrix's rows open (and so read) the shared one.
        var id = Guid.CreateVersion7().ToString();
        await App.ExecuteAsync(
            "INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at) " +
            "SELECT $1, ticket_id, user_id, notification_type, 'Another one', 'For the admin only.', false, now() FROM ticket_notifications WHERE id = $2",
            Guid.Parse(id),
            Guid.Parse(fixture.Ids["{notification}"]));

        using var opened = await fixture.Staff.PostFormAsync($"/Notifications/Open/{id}", new Dictionary<string, string>(), tokenFrom: "/Notifications");
        using var marked = await fixture.Staff.PostFormAsync("/Notifications", new Dictionary<string, string> { ["id"] = id }, handler: "Read");

        opened.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        marked.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.ScalarAsync<bool>("SELECT is_read FROM ticket_notifications WHERE id = $1", Guid.Parse(id))).ShouldBeFalse();
    }

    private async Task<Outcome> OutcomeAsync(TestBrowser browser, HttpMethod method, string path)
    {
        var url = fixture.Ids.Aggregate(path, (p, id) => p.Replace(id.Key, id.Value, StringComparison.Ordinal));
        using var response = method == HttpMethod.Get
            ? await browser.GetAsync(url)
            : await browser.PostWithoutTokenAsync(url, new Dictionary<string, string> { ["probe"] = "1" });
        var status = response.StatusCode;
        status.ShouldNotBe(HttpStatusCode.InternalServerError, $"{method} {url}");
        return status switch
        {
            HttpStatusCode.OK => Outcome.Ok,
            HttpStatusCode.Forbidden => Outcome.Forbidden,
            HttpStatusCode.NotFound => Outcome.NotFound,
            HttpStatusCode.BadRequest => Outcome.BadRequest,
            HttpStatusCode.Unauthorized => Outcome.Unauthorized,
            HttpStatusCode.ServiceUnavailable => Outcome.Unavailable,
            HttpStatusCode.MethodNotAllowed => Outcome.MethodNotAllowed,
            HttpStatusCode.Redirect or HttpStatusCode.Found => response.Headers.Location!.OriginalString switch
            {
                var l when l.Contains("/Account/Login", StringComparison.Ordinal) => Outcome.SignIn,
                var l when l.Contains("/Account/AccessDenied", StringComparison.Ordinal) => Outcome.Forbidden,
                _ => Outcome.Redirect,
            },
            _ => throw new ShouldAssertException($"{method} {url} answered {(int)status}"),
        };
    }

    /// <summary>Every page handler and endpoint the app maps, keyed as the matrix is.</summary>
    private async Task<HashSet<string>> EndpointKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var loader = App.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                keys.Add($"GET {page.ViewEnginePath}");
                foreach (var handler in compiled.HandlerMethods)
                {
                    keys.Add($"{handler.HttpMethod.ToUpperInvariant()} {page.ViewEnginePath}{(handler.Name is null ? "" : "?handler=" + handler.Name)}");
                }

                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods)
            {
                keys.Add($"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}");
            }
        }

        return keys;
    }

    public sealed record Row(string Path, Outcome Anonymous, Outcome Staff, Outcome Admin);
}
