using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;
using Ticketing.Web;
using Ticketing.Web.Webhooks;

namespace Ticketing.UnitTests.Webhooks;

public sealed class WebhookAllowlistTests
{
    [Fact]
    public void Allows_every_address_when_empty()
    {
        Parse().Allows(IPAddress.Parse("198.51.100.7")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("203.0.113.7", true)]
    [InlineData("203.0.113.8", false)]
    [InlineData("10.20.30.40", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("2001:db8:0:1::5", true)]
    [InlineData("2001:db8:1::5", false)]
    public void Allows_listed_addresses_and_ranges_only(string address, bool allowed)
    {
        var allowlist = Parse("203.0.113.7", "10.0.0.0/8", "2001:db8:0:1::/64");

        allowlist.Allows(IPAddress.Parse(address)).ShouldBe(allowed);
    }

    [Fact]
    public void Refuses_an_unknown_address_when_a_list_is_set()
    {
        Parse("10.0.0.0/8").Allows(null).ShouldBeFalse();
    }

    [Fact]
    public void Reports_entries_that_are_neither_addresses_nor_ranges()
    {
        WebhookAllowlist.TryParse(["10.0.0.0/8", "not-an-ip", "10.0.0.0/33"], out _, out var invalid).ShouldBeFalse();

        invalid.ShouldBe(["not-an-ip", "10.0.0.0/33"]);
    }

    [Fact]
    public void Reads_the_list_from_configuration_as_entries_or_as_one_comma_separated_value()
    {
        AllowlistFrom(new() { ["Ticketing:Webhooks:AllowedIps:0"] = "10.0.0.0/8", ["Ticketing:Webhooks:AllowedIps:1"] = "203.0.113.7" })
            .Allows(IPAddress.Parse("203.0.113.7")).ShouldBeTrue();
        AllowlistFrom(new() { ["Ticketing:Webhooks:AllowedIps"] = "10.0.0.0/8, 203.0.113.7" })
            .Allows(IPAddress.Parse("203.0.113.7")).ShouldBeTrue();
        AllowlistFrom(new() { ["Ticketing:Webhooks:AllowedIps"] = "10.0.0.0/8, 203.0.113.7" })
            .Allows(IPAddress.Parse("198.51.100.1")).ShouldBeFalse();
    }

    [Fact]
    public void Stops_the_app_on_an_invalid_entry_rather_than_allowing_everyone()
    {
        var services = Services(new() { ["Ticketing:Webhooks:AllowedIps"] = "10.0.0.0/8, bogus" });

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<TicketWebhookOptions>>().Value);
    }

    private static WebhookAllowlist Parse(params string[] entries)
    {
        WebhookAllowlist.TryParse(entries, out var allowlist, out var invalid).ShouldBeTrue();
        invalid.ShouldBeEmpty();
        return allowlist;
    }

    private static WebhookAllowlist AllowlistFrom(Dictionary<string, string?> settings) =>
        Services(settings).GetRequiredService<WebhookAllowlist>();

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddTicketWebhooks(configuration).BuildServiceProvider();
    }
}
