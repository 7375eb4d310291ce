using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>
/// A remote that speaks contract 1.0: a loopback proxy in front of the 1.1 simulator that forwards every
/// 1.0 request over HTTP as it is and answers the paths 1.1 added (<c>/tickets/deleted</c>, comments,
/// attachments, <c>/agents</c>) with 404 and the contract's error body, as a 1.0 server's router does.
/// </summary>
internal sealed class Version10Proxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _refused;

    private Version10Proxy(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Where the app should point its remote (the simulator's address is set with <see cref="Target"/>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The 1.1 simulator the proxy forwards to; set before the first request.</summary>
    public Uri? Target { get; set; }

    /// <summary>How many requests it refused as 1.1-only.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<Version10Proxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        var app = builder.Build();
        var proxy = new Version10Proxy(app);
        app.Run(proxy.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        proxy.Url = new Uri(app.Urls.First() + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        _forward.Dispose();
        await _app.DisposeAsync();
    }

    private static bool IsVersion11Path(string path)
    {
        var segments = path.Trim('/').Split('/');
        return segments switch
        {
            ["agents", ..] => true,
            ["attachments", ..] => true,
            ["tickets", "deleted", ..] => true,
            ["tickets", _, "comments" or "attachments", ..] => true,
            _ => false,
        };
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (IsVersion11Path(path))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"code":"not_found","message":"No such route."}}""");
            return;
        }

        var target = Target ?? throw new InvalidOperationException("The proxy has no target yet.");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, path.TrimStart('/') + context.Request.QueryString));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Host" or "Content-Length" or "Transfer-Encoding" or "Connection")
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, [.. values]))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, [.. values]);
            }
        }

        using var response = await _forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is "Transfer-Encoding" or "Connection")
            {
                continue;
            }

            context.Response.Headers[name] = values.ToArray();
        }

        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
