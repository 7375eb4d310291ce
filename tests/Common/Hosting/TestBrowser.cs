using System.Net;
using System.Text.RegularExpressions;

namespace Ticketing.Tests.Common;

/// <summary>
/// An HTTP client that keeps its own cookies and posts forms with their antiforgery token, as a browser
/// would; it does not follow redirects, so a test sees them.
/// </summary>
public sealed partial class TestBrowser : IDisposable
{
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies;

    public TestBrowser(Uri baseUrl)
        : this(baseUrl, new CookieContainer())
    {
    }

    private TestBrowser(Uri baseUrl, CookieContainer cookies)
    {
        _cookies = cookies;
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true };
        _client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public Uri BaseUrl => _client.BaseAddress!;

    /// <summary>A browser with this one's cookies, sent to another instance of the app on the same host.</summary>
    public TestBrowser CookiesFor(Uri otherInstance)
    {
        var cookies = new CookieContainer();
        foreach (Cookie cookie in _cookies.GetCookies(_client.BaseAddress!))
        {
            cookies.Add(otherInstance, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        return new TestBrowser(otherInstance, cookies);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path, TestContext.Current.CancellationToken);

    /// <summary>Sets a cookie as the browser's script would (the time zone cookie "tz", say).</summary>
    public void SetCookie(string name, string value) => _cookies.Add(_client.BaseAddress!, new Cookie(name, value, "/"));

    /// <summary>Any request with this browser's cookies; its own headers (an Accept for JSON) win over the browser's.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>The page's HTML; anything but 200 throws.</summary>
    public async Task<string> GetHtmlAsync(string path)
    {
        using var response = await GetAsync(path);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }

        return html;
    }

    /// <summary>
    /// Loads the page (or <paramref name="tokenFrom"/>) for an antiforgery token, then posts the fields to
    /// the page, to its <paramref name="handler"/> when given; with <paramref name="json"/> it asks for JSON,
    /// as the page's scripts do.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IReadOnlyDictionary<string, string> fields, string? handler = null, string? tokenFrom = null, bool json = false)
    {
        var html = await GetHtmlAsync(tokenFrom ?? path);
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {path}.");
        }

        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        var target = handler is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? "&" : "?")}handler={handler}";
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts the fields as they are, without an antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string path, IReadOnlyDictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
    }

    /// <summary>The sign-in form, posted as a person would; the response says how it went.</summary>
    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        PostFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
