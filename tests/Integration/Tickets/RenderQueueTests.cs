using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The render queue in the app's own pipeline (decision 158): with its one permit held by the test and no room to
/// wait, a page render is answered 503 with <c>Retry-After</c> (never a 500 or the error page), while a kept list
/// page, the CSV export and health checks are answered as usual, and renders resume once the permit is back.
/// </summary>
public sealed class RenderQueueTests
{
    [Fact]
    public async Task A_full_queue_answers_renders_503_and_lets_kept_pages_exports_and_health_checks_through()
    {
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "renderqueue",
            Simulator = null,
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:RenderQueue:Concurrency"] = "1",
                ["Ticketing:RenderQueue:QueueLimit"] = "0",
                ["Ticketing:RenderQueue:RetryAfterSeconds"] = "5",
            },
        });
        using var staff = await app.SignedInAsync(TestUser.Staff);
        (await GetAsync(staff, "/Tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The test's own "render" takes the only permit and keeps it until released.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = new DefaultHttpContext();
        holder.Request.Method = HttpMethods.Get;
        holder.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(RenderQueue.Queued.Instance), "held"));
        var queue = app.Services.GetRequiredService<RenderQueue>();
        var held = queue.InvokeAsync(holder, () =>
        {
            admitted.SetResult();
            return release.Task;
        });
        admitted.Task.IsCompleted.ShouldBeTrue("a free permit is taken at once");
        queue.Free.ShouldBe(0);

        using (var busy = await GetAsync(staff, "/Tickets", reload: true))
        {
            busy.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            busy.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(5));
            (await busy.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("The app is busy");
        }

        using (var kept = await GetAsync(staff, "/Tickets"))
        {
            kept.StatusCode.ShouldBe(HttpStatusCode.OK);
            kept.Headers.GetValues(ListPageCache.Header).Single().ShouldBe("hit", "a kept page is served before the queue");
        }

        using (var export = await GetAsync(staff, "/Tickets/Export"))
        {
            export.StatusCode.ShouldBe(HttpStatusCode.OK);
            export.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/csv");
        }

        using (var health = await GetAsync(staff, "/health/live"))
        {
            health.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        release.SetResult();
        await held;
        using var rendered = await GetAsync(staff, "/Tickets", reload: true);
        rendered.StatusCode.ShouldBe(HttpStatusCode.OK);
        rendered.Headers.GetValues(ListPageCache.Header).Single().ShouldBe("miss");
    }

    private static async Task<HttpResponseMessage> GetAsync(TestBrowser browser, string path, bool reload = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (reload)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        return await browser.SendAsync(request);
    }
}
