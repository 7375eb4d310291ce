using Shouldly;
using Ticketing.Application.Remote;

namespace Ticketing.UnitTests.Remote;

public sealed class RemoteBaseUrlTests
{
    [Theory]
    [InlineData("https://abc.supabase.co/functions/v1", "https://abc.supabase.co/functions/v1/")]
    [InlineData("https://abc.supabase.co/functions/v1/", "https://abc.supabase.co/functions/v1/")]
    [InlineData("https://it.example.org", "https://it.example.org/")]
    [InlineData("  https://it.example.org:8443/api  ", "https://it.example.org:8443/api/")]
    public void Accepts_https_and_ends_the_url_with_a_slash(string text, string expected)
    {
        RemoteBaseUrl.TryParse(text, out var url, out var error).ShouldBeTrue(error);
        url!.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://LOCALHOST/api")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.4.5.6")]
    [InlineData("http://[::1]:5080/")]
    public void Accepts_http_on_loopback_addresses(string text)
    {
        RemoteBaseUrl.TryParse(text, out var url, out var error).ShouldBeTrue(error);
        url!.Scheme.ShouldBe("http");
    }

    [Theory]
    [InlineData("http://it.example.org")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://192.168.1.10")]
    [InlineData("http://localhost.example.org")]
    public void Refuses_http_to_any_other_host(string text)
    {
        RemoteBaseUrl.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldBe(RemoteBaseUrl.MustBeHttpsMessage);
        error.ShouldBe("The API base URL must use HTTPS (only loopback addresses may use http).");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a url")]
    [InlineData("/functions/v1")]
    [InlineData("ftp://it.example.org")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://")]
    public void Refuses_anything_that_is_not_an_absolute_http_url(string? text)
    {
        RemoteBaseUrl.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldBe(RemoteBaseUrl.MustBeAbsoluteMessage);
    }

    [Theory]
    [InlineData("https://it.example.org/api?key=secret")]
    [InlineData("https://it.example.org/api#top")]
    [InlineData("https://user:pass@it.example.org/api")]
    public void Refuses_query_strings_fragments_and_credentials(string text)
    {
        RemoteBaseUrl.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldBe(RemoteBaseUrl.NoQueryMessage);
    }

    [Fact]
    public void Parse_throws_with_the_rule_as_message()
    {
        Should.Throw<ArgumentException>(() => RemoteBaseUrl.Parse("http://it.example.org"))
            .Message.ShouldStartWith(RemoteBaseUrl.MustBeHttpsMessage);
    }

    [Theory]
    [InlineData("https://h.example/functions/v1", "tickets", "https://h.example/functions/v1/tickets")]
    [InlineData("https://h.example/functions/v1/", "tickets", "https://h.example/functions/v1/tickets")]
    [InlineData("https://h.example/functions/v1", "/tickets/stats", "https://h.example/functions/v1/tickets/stats")]
    [InlineData("https://h.example/functions/v1/", "/tickets?page=2&limit=10", "https://h.example/functions/v1/tickets?page=2&limit=10")]
    [InlineData("https://h.example", "tickets/tkt_1", "https://h.example/tickets/tkt_1")]
    public void Combine_keeps_the_base_path_whatever_the_slashes(string baseUrl, string relative, string expected)
    {
        RemoteBaseUrl.Combine(new Uri(baseUrl), relative).ToString().ShouldBe(expected);
    }
}
