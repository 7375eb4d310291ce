using Shouldly;
using Ticketing.Web.Infrastructure;

namespace Ticketing.UnitTests.Web;

public sealed class SafeReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Tickets")]
    [InlineData("/Tickets?status=open&q=printer%20down&p=2")]
    [InlineData("/Tickets/Details/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("/Tickets?q=%2F%2Fnot-a-host")]
    [InlineData("/Projects#linked-heading")]
    public void Keeps_a_path_on_this_site(string url)
    {
        SafeReturnUrl.IsLocal(url).ShouldBeTrue();
        SafeReturnUrl.Or(url, "/fallback").ShouldBe(url);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://evil.example/Tickets")]
    [InlineData("//evil.example")]
    [InlineData("///evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("evil.example")]
    [InlineData("Tickets")]
    [InlineData("~/Tickets")]
    [InlineData(" /Tickets")]
    public void Refuses_another_host_a_scheme_or_a_relative_address(string url)
    {
        SafeReturnUrl.IsLocal(url).ShouldBeFalse();
        SafeReturnUrl.Or(url, "/fallback").ShouldBe("/fallback");
    }

    [Theory]
    [InlineData("/%2Fevil.example")]
    [InlineData("/%2fevil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%5cevil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0A/evil.example")]
    [InlineData("/%0d%0a/evil.example")]
    public void Refuses_a_start_that_decodes_to_another_host(string url) =>
        SafeReturnUrl.Or(url).ShouldBe("/");

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/Tickets\0")]
    [InlineData("/Tickets\u007f")]
    [InlineData("/Tickets\r\nSet-Cookie: a=b")]
    public void Refuses_control_characters_which_browsers_drop_or_headers_split_on(string url) =>
        SafeReturnUrl.Or(url).ShouldBe("/");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Falls_back_when_there_is_none(string? url) =>
        SafeReturnUrl.Or(url, "/Tickets").ShouldBe("/Tickets");

    [Fact]
    public void Refuses_an_address_longer_than_any_the_app_builds()
    {
        SafeReturnUrl.IsLocal("/" + new string('a', SafeReturnUrl.MaxLength - 1)).ShouldBeTrue();
        SafeReturnUrl.IsLocal("/" + new string('a', SafeReturnUrl.MaxLength)).ShouldBeFalse();
    }
}
