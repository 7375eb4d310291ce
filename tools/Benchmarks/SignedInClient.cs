using System.Net;
using System.Text.RegularExpressions;

namespace Ticketing.Benchmarks;

/// <summary>
/// Signs in over HTTP as a browser does (antiforgery token from the form, then the form post) and
/// keeps the cookies; <see cref="CookieHeader"/> lets load clients send the same session.
/// </summary>
public sealed partial class SignedInClient : IDisposable
{
    private readonly CookieContainer _cookies = new();

    private SignedInClient(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public string CookieHeader => _cookies.GetCookieHeader(BaseUrl);

    public static async Task<SignedInClient> SignInAsync(Uri baseUrl, string email, string password, CancellationToken ct)
    {
        var client = new SignedInClient(baseUrl);
        var response = await client.PostFormAsync("/Account/Login", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }, ct);
        if (response.StatusCode != HttpStatusCode.Redirect || !client.CookieHeader.Contains("ticketing.auth", StringComparison.Ordinal))
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}.");
        }

        return client;
    }

    /// <summary>Posts a form of the page at <paramref name="formPage"/>, with that page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields, CancellationToken ct, bool json = false)
    {
        var html = await Http.GetStringAsync(formPage, ct);
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{formPage} has no antiforgery token.");
        }

        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await Http.SendAsync(request, ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public void Dispose() => Http.Dispose();
}
