using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Caching;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

/// <summary>What the list's page cache keeps, for whom, and what moves its key (decision 133).</summary>
public sealed class ListPageCacheTests : IDisposable
{
    private const string AntiforgeryCookie = ".test.antiforgery";

    private readonly CacheInvalidator _versions = new(Substitute.For<HybridCache>());
    private readonly ListPageCache _cache;
    private int _renders;

    public ListPageCacheTests()
    {
        var antiforgery = new AntiforgeryOptions();
        antiforgery.Cookie.Name = AntiforgeryCookie;
        _cache = new ListPageCache(_versions, Options.Create(new ListPageCacheOptions()), Options.Create(antiforgery), Options.Create(new CookieTempDataProviderOptions()));
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_repeat_view_is_answered_from_the_kept_page_until_a_tag_it_depends_on_changes()
    {
        (await GetAsync()).ShouldBe(("miss", "page 1"));
        (await GetAsync()).ShouldBe(("hit", "page 1"));

        await _versions.InvalidateAsync(CacheTag.Tickets);
        (await GetAsync()).ShouldBe(("miss", "page 2"));
        await _versions.InvalidateAsync(CacheTag.Of(CacheTag.Notifications, "alex"));
        (await GetAsync()).ShouldBe(("miss", "page 3"), "the user's own notification count is on the page");
        await _versions.InvalidateAsync(CacheTag.Phi);
        (await GetAsync()).ShouldBe(("miss", "page 4"));
        (await GetAsync()).ShouldBe(("hit", "page 4"));
    }

    [Fact]
    public async Task The_key_holds_the_user_their_claims_the_address_the_time_zone_and_the_antiforgery_cookie()
    {
        await GetAsync();
        (await GetAsync(user: "sam")).Answer.ShouldBe("miss");
        (await GetAsync(role: "admin")).Answer.ShouldBe("miss");
        (await GetAsync(query: "?q=vpn")).Answer.ShouldBe("miss");
        (await GetAsync(zone: "Europe/Lisbon")).Answer.ShouldBe("miss");
        (await GetAsync(antiforgery: "another-browser")).Answer.ShouldBe("miss");
        (await GetAsync()).Answer.ShouldBe("hit");
    }

    [Fact]
    public async Task A_reload_renders_the_page_and_keeps_the_new_one()
    {
        await GetAsync();
        (await GetAsync(reload: true)).ShouldBe(("miss", "page 2"));
        (await GetAsync()).ShouldBe(("hit", "page 2"));
    }

    [Fact]
    public async Task Nothing_is_kept_or_served_without_a_user_an_antiforgery_cookie_or_with_a_status_message_or_for_other_requests()
    {
        await GetAsync();
        (await GetAsync(user: null)).Answer.ShouldBeNull();
        (await GetAsync(antiforgery: null)).Answer.ShouldBeNull();
        (await GetAsync(tempData: true)).Answer.ShouldBeNull("the status message is shown once, so that page is rendered");
        (await GetAsync(query: "?handler=Rows")).Answer.ShouldBeNull();
        (await GetAsync(path: "/Tickets/Details/1")).Answer.ShouldBeNull();
        (await GetAsync(method: "POST")).Answer.ShouldBeNull();
    }

    [Fact]
    public async Task A_page_the_app_marks_as_not_to_keep_a_new_antiforgery_cookie_or_an_error_is_rendered_every_time()
    {
        (await GetAsync(render: ListPageCache.DoNotKeep)).Answer.ShouldBe("bypass");
        (await GetAsync(render: ListPageCache.DoNotKeep)).ShouldBe(("bypass", "page 2"), "a page with PHI tickets is read (and audited) every time");

        (await GetAsync(query: "?a", render: c => c.Response.Headers.SetCookie = $"{AntiforgeryCookie}=new; path=/")).Answer.ShouldBe("bypass");
        (await GetAsync(query: "?a")).Answer.ShouldBe("miss");
        (await GetAsync(query: "?c", render: c => c.Response.Headers.SetCookie = ".AspNetCore.Mvc.CookieTempDataProvider=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/")).Answer
            .ShouldBe("miss", "a page that read no status message deletes TempData's cookie: still the same page");

        (await GetAsync(query: "?b", render: c => c.Response.StatusCode = StatusCodes.Status500InternalServerError)).Answer.ShouldBe("bypass");
        (await GetAsync(query: "?b")).Answer.ShouldBe("miss");
    }

    [Fact]
    public async Task A_rendered_page_is_held_until_it_is_complete_then_written_with_its_length()
    {
        var (context, body) = Request();
        var page = Encoding.UTF8.GetBytes(new string('x', 40_000));
        long writtenBeforeTheEnd = -1;
        await _cache.InvokeAsync(context, async () =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(page.AsMemory(0, 30_000));
            await context.Response.Body.FlushAsync();
            writtenBeforeTheEnd = body.Length;
            await context.Response.Body.WriteAsync(page.AsMemory(30_000));
        });

        writtenBeforeTheEnd.ShouldBe(0, "nothing reaches the response before the page is complete");
        context.Response.ContentLength.ShouldBe(page.Length);
        body.ToArray().ShouldBe(page);
    }

    [Fact]
    public async Task A_page_past_the_size_limit_is_written_as_it_comes_and_not_kept()
    {
        var (context, body) = Request();
        var chunk = Encoding.UTF8.GetBytes(new string('y', 512 * 1024));
        await _cache.InvokeAsync(context, async () =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            for (var i = 0; i < 5; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });

        body.Length.ShouldBe(5 * chunk.Length, "what was held is written first, in order, then the rest");
        context.Response.ContentLength.ShouldBeNull();
        (await GetAsync()).ShouldBe(("miss", "page 1"), "nothing was kept");
    }

    [Fact]
    public async Task A_render_that_fails_writes_nothing_so_the_error_page_can_answer()
    {
        var (context, body) = Request();
        await Should.ThrowAsync<InvalidOperationException>(() => _cache.InvokeAsync(context, async () =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<p>half a page"));
            throw new InvalidOperationException("the render failed");
        }));

        body.Length.ShouldBe(0, "the half page was held, not written");
    }

    private static (DefaultHttpContext Context, MemoryStream Body) Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/Tickets";
        context.Request.Headers.Cookie = $"{AntiforgeryCookie}=browser-1";
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "alex")], "cookie"));
        var body = new MemoryStream();
        context.Response.Body = body;
        return (context, body);
    }

    private async Task<(string? Answer, string Body)> GetAsync(
        string? user = "alex",
        string? role = null,
        string path = "/Tickets",
        string query = "",
        string? zone = null,
        string? antiforgery = "browser-1",
        bool tempData = false,
        bool reload = false,
        string method = "GET",
        Action<HttpContext>? render = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        var cookies = new List<string>();
        if (antiforgery is not null)
        {
            cookies.Add($"{AntiforgeryCookie}={antiforgery}");
        }

        if (zone is not null)
        {
            cookies.Add($"tz={zone}");
        }

        if (tempData)
        {
            cookies.Add(".AspNetCore.Mvc.CookieTempDataProvider=message");
        }

        context.Request.Headers.Cookie = string.Join("; ", cookies);
        if (reload)
        {
            context.Request.Headers.CacheControl = "no-cache";
        }

        if (user is not null)
        {
            List<Claim> claims = [new(ClaimTypes.NameIdentifier, user)];
            if (role is not null)
            {
                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "cookie"));
        }

        var response = new StartingResponse();
        context.Features.Set<IHttpResponseFeature>(response);
        var body = new MemoryStream();
        context.Response.Body = body;
        await _cache.InvokeAsync(context, async () =>
        {
            var page = Encoding.UTF8.GetBytes($"page {++_renders}");
            context.Response.ContentType = "text/html; charset=utf-8";
            render?.Invoke(context);
            await response.StartAsync();
            await context.Response.Body.WriteAsync(page);
        });

        string? answer = context.Response.Headers.TryGetValue(ListPageCache.Header, out var value) ? value.ToString() : null;
        return (answer, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>A response that runs its OnStarting callbacks when the page starts writing, as Kestrel's does.</summary>
    private sealed class StartingResponse : HttpResponseFeature
    {
        private readonly Stack<(Func<object, Task> Callback, object State)> _starting = new();

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Push((callback, state));

        public async Task StartAsync()
        {
            while (_starting.TryPop(out var entry))
            {
                await entry.Callback(entry.State);
            }
        }
    }
}
