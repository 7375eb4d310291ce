using System.Net;
using Microsoft.Extensions.Options;
using Shouldly;
using Ticketing.Web.Webhooks;

namespace Ticketing.UnitTests.Webhooks;

public sealed class WebhookFailureLimiterTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.7");

    [Fact]
    public void Refuses_failures_beyond_the_limit_with_a_retry_after()
    {
        using var limiter = Limiter(limit: 20);

        for (var i = 0; i < 20; i++)
        {
            limiter.TryRecordFailure(Attacker, out _).ShouldBeTrue();
        }

        limiter.TryRecordFailure(Attacker, out var retryAfter).ShouldBeFalse();

        retryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        retryAfter.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Counts_each_address_on_its_own()
    {
        using var limiter = Limiter(limit: 2);
        limiter.TryRecordFailure(Attacker, out _);
        limiter.TryRecordFailure(Attacker, out _);

        limiter.TryRecordFailure(Attacker, out _).ShouldBeFalse();
        limiter.TryRecordFailure(IPAddress.Parse("198.51.100.8"), out _).ShouldBeTrue();
    }

    [Fact]
    public void Counts_an_ipv4_client_on_a_dual_stack_socket_as_its_ipv4_address()
    {
        WebhookFailureLimiter.PartitionKey(IPAddress.Parse("::ffff:198.51.100.7")).ShouldBe("198.51.100.7");
    }

    [Fact]
    public void Counts_ipv6_clients_by_their_64_bit_prefix()
    {
        WebhookFailureLimiter.PartitionKey(IPAddress.Parse("2001:db8:1:2:aaaa::1"))
            .ShouldBe(WebhookFailureLimiter.PartitionKey(IPAddress.Parse("2001:db8:1:2:bbbb::9")));
        WebhookFailureLimiter.PartitionKey(IPAddress.Parse("2001:db8:1:2::1"))
            .ShouldNotBe(WebhookFailureLimiter.PartitionKey(IPAddress.Parse("2001:db8:1:3::1")));
    }

    private static WebhookFailureLimiter Limiter(int limit) =>
        new(Options.Create(new TicketWebhookOptions { FailedAttemptLimit = limit, FailedAttemptWindowSeconds = 10 }));
}
