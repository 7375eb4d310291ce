using System.Net;
using Polly;
using Polly.Timeout;
using Shouldly;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>Which failed requests the resilience pipeline may send again (no remote needed).</summary>
public sealed class RemoteRetryPolicyTests
{
    [Fact]
    public void Gets_and_patches_may_be_repeated()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/tickets");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "http://127.0.0.1/tickets/t1");

        RemoteResilience.IsSafeToRepeat(get).ShouldBeTrue();
        RemoteResilience.IsSafeToRepeat(patch).ShouldBeTrue();
    }

    [Fact]
    public void A_post_may_be_repeated_only_with_an_idempotency_key()
    {
        using var withKey = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/tickets");
        withKey.Headers.Add(RemoteResilience.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        using var withoutKey = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/tickets");

        RemoteResilience.IsSafeToRepeat(withKey).ShouldBeTrue();
        RemoteResilience.IsSafeToRepeat(withoutKey).ShouldBeFalse();
    }

    [Fact]
    public void A_post_without_an_idempotency_key_is_never_retried_even_on_a_transient_failure()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/tickets");
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        ShouldRetry(Outcome.FromResult(response), request).ShouldBeFalse();
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, false)]
    public void Only_transient_answers_to_a_get_are_retried(HttpStatusCode status, bool retried)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/tickets");
        using var response = new HttpResponseMessage(status);

        ShouldRetry(Outcome.FromResult(response), request).ShouldBe(retried);
    }

    [Fact]
    public void Network_errors_and_attempt_timeouts_are_retried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/tickets");
        ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused")), request).ShouldBeTrue();
        ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), request).ShouldBeTrue();
    }

    [Fact]
    public void A_retry_after_longer_than_the_call_may_take_is_not_waited_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/tickets");
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(120));

        ShouldRetry(Outcome.FromResult(response), request).ShouldBeFalse();
    }

    [Fact]
    public void Nothing_is_retried_once_the_caller_cancelled()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/tickets");
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        RemoteResilience.ShouldRetry(Outcome.FromResult(response), request, TimeSpan.FromSeconds(30), cancelled: true)
            .ShouldBeFalse();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request) =>
        RemoteResilience.ShouldRetry(outcome, request, TimeSpan.FromSeconds(30), cancelled: false);
}
