using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

/// <summary>
/// The render queue's admission (decision 158), step by step: every render below is held open by the test until it
/// says so, so what waits and what runs is decided by the queue alone, never by timing.
/// </summary>
public sealed class RenderQueueTests : IDisposable
{
    private readonly RenderQueue _queue = new(
        Options.Create(new RenderQueueOptions { Concurrency = 1, QueueLimit = 2, RetryAfterSeconds = 3 }),
        NullLogger<RenderQueue>.Instance);

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task With_one_permit_a_second_render_waits_until_the_first_is_done()
    {
        var first = new Render(Page());
        var second = new Render(Page());

        var firstDone = first.Run(_queue);
        first.Started.ShouldBeTrue();
        var secondDone = second.Run(_queue);

        second.Started.ShouldBeFalse();
        _queue.Waiting.ShouldBe(1);

        first.Finish();
        await firstDone;
        await second.Admitted;
        second.Finish();
        await secondDone;
        _queue.Waiting.ShouldBe(0);
        _queue.Free.ShouldBe(1);
    }

    [Fact]
    public async Task Waiting_renders_go_in_arrival_order()
    {
        var renders = Enumerable.Range(0, 3).Select(_ => new Render(Page())).ToArray();
        var done = renders.Select(r => r.Run(_queue)).ToArray();

        for (var i = 0; i < renders.Length; i++)
        {
            // The one admitted says so; the ones behind it cannot start before it finishes.
            await renders[i].Admitted;
            renders.Select(r => r.Started).ShouldBe(renders.Select((_, j) => j <= i), $"while render {i} runs");
            renders[i].Finish();
            await done[i];
        }
    }

    [Fact]
    public async Task A_render_beyond_the_queue_is_answered_503_with_retry_after_and_never_runs()
    {
        var held = Enumerable.Range(0, 3).Select(_ => new Render(Page())).ToArray();
        var done = held.Select(r => r.Run(_queue)).ToArray();
        _queue.Waiting.ShouldBe(2);

        var refused = new Render(Page());
        await refused.Run(_queue);

        refused.Started.ShouldBeFalse();
        refused.Context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldBe("3");
        refused.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("text/html");

        foreach (var (render, task) in held.Zip(done))
        {
            await render.Admitted;
            render.Finish();
            await task;
        }
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("json", "")]
    [InlineData("page", "?handler=Export")]
    [InlineData("page", "?handler=csv")]
    [InlineData("page", "?handler=Pdf&paper=a4")]
    [InlineData("post", "")]
    public async Task What_is_not_a_page_render_never_waits(string? endpoint, string query)
    {
        var holder = new Render(Page());
        var held = holder.Run(_queue);

        var other = new Render(endpoint switch
        {
            null => null,
            "json" => new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "a JSON endpoint"),
            _ => Page(),
        }, query, endpoint == "post" ? HttpMethods.Post : HttpMethods.Get);
        var otherDone = other.Run(_queue);

        other.Started.ShouldBeTrue();
        _queue.Waiting.ShouldBe(0);
        other.Finish();
        await otherDone;
        holder.Finish();
        await held;
    }

    [Fact]
    public async Task A_client_that_leaves_while_waiting_gives_up_its_place()
    {
        var first = new Render(Page());
        var firstDone = first.Run(_queue);
        using var leaving = new CancellationTokenSource();
        var gone = new Render(Page());
        gone.Context.RequestAborted = leaving.Token;
        var goneDone = gone.Run(_queue);
        _queue.Waiting.ShouldBe(1);

        await leaving.CancelAsync();
        await goneDone;

        gone.Started.ShouldBeFalse();
        _queue.Waiting.ShouldBe(0);
        first.Finish();
        await firstDone;
    }

    [Fact]
    public async Task The_queue_is_off_by_default_and_then_nothing_waits()
    {
        new RenderQueueOptions().Permits.ShouldBe(0);
        new RenderQueueOptions { Concurrency = -1 }.Permits.ShouldBe(0);
        using var off = new RenderQueue(Options.Create(new RenderQueueOptions()), NullLogger<RenderQueue>.Instance);
        var renders = Enumerable.Range(0, 3).Select(_ => new Render(Page())).ToArray();
        var done = renders.Select(r => r.Run(off)).ToArray();

        renders.ShouldAllBe(r => r.Started);
        foreach (var render in renders)
        {
            render.Finish();
        }

        await Task.WhenAll(done);
    }

    [Fact]
    public void Pages_are_queued_unless_their_model_says_not()
    {
        Marked(typeof(IndexModel)).ShouldBeTrue("the list");
        Marked(typeof(Ticketing.Web.Pages.IndexModel)).ShouldBeTrue("the overview");
        Marked(typeof(ExportModel)).ShouldBeFalse("a CSV stream would hold a permit for its whole length");
        Marked(typeof(Ticketing.Web.Pages.ErrorModel)).ShouldBeFalse("the page of last resort answers when the queue cannot");
    }

    private static bool Marked(Type model)
    {
        var page = new PageApplicationModel(new PageActionDescriptor(), model.GetTypeInfo(), []);
        new RenderQueue.Convention().Apply(page);
        return page.EndpointMetadata.Contains(RenderQueue.Queued.Instance);
    }

    private static Endpoint Page() =>
        new(_ => Task.CompletedTask, new EndpointMetadataCollection(RenderQueue.Queued.Instance), "a page");

    /// <summary>One request whose render, once admitted, lasts until <see cref="Finish"/>.</summary>
    private sealed class Render
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Render(Endpoint? endpoint, string query = "", string method = "GET")
        {
            Context.Request.Method = method;
            Context.Request.Path = "/Tickets";
            Context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
            Context.SetEndpoint(endpoint);
        }

        public DefaultHttpContext Context { get; } = new();

        public bool Started => _admitted.Task.IsCompleted;

        /// <summary>Completes when the queue lets this render run (a waiting one is let in on another thread).</summary>
        public Task Admitted => _admitted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        public Task Run(RenderQueue queue) => queue.InvokeAsync(Context, () =>
        {
            _admitted.SetResult();
            return _finish.Task;
        });

        public void Finish() => _finish.SetResult();
    }
}
