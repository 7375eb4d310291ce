using System.Security.Authentication;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Shouldly;
using Ticketing.Application.Admin.Commands.TestConnection;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;

namespace Ticketing.UnitTests.Admin;

public sealed class TestConnectionHandlerTests
{
    private readonly ITicketingApi _remote = Substitute.For<ITicketingApi>();
    private readonly IAdminIntegrationStore _store = Substitute.For<IAdminIntegrationStore>();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    public TestConnectionHandlerTests() =>
        _store.GetAsync(Arg.Any<CancellationToken>()).Returns(new AdminIntegrationSnapshot(
            new TicketingSystemConfig { ApiBaseUrl = "https://example.org/api/", RequestTimeoutSeconds = 30 }, "…4f2a", null, null));

    [Fact]
    public async Task Reports_a_rejected_key_in_plain_words()
    {
        _remote.GetTicketsAsync(Arg.Any<RemoteTicketQuery>(), Arg.Any<CancellationToken>()).ThrowsAsync(new RemoteUnauthorizedException());

        var result = await Handle();

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe(TestConnectionHandler.RejectedKeyMessage);
    }

    [Fact]
    public async Task Names_a_dns_failure_with_the_socket_reason()
    {
        var dns = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (nowhere.invalid:443)");
        _remote.GetTicketsAsync(Arg.Any<RemoteTicketQuery>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.NetworkError, "Championship IT could not be reached (NameResolutionError).", dns));

        var result = await Handle();

        result.Message.ShouldBe("DNS: the host name could not be resolved. Name or service not known (nowhere.invalid:443)");
    }

    [Fact]
    public async Task Names_a_tls_failure_with_the_certificate_reason()
    {
        var tls = new HttpRequestException(
            HttpRequestError.SecureConnectionError,
            "The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));
        _remote.GetTicketsAsync(Arg.Any<RemoteTicketQuery>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.NetworkError, "Championship IT could not be reached (SecureConnectionError).", tls));

        var result = await Handle();

        result.Message.ShouldStartWith("TLS: the secure connection could not be established.");
        result.Message.ShouldContain("UntrustedRoot");
    }

    [Fact]
    public async Task Reports_success_with_the_latency()
    {
        _remote.GetTicketsAsync(Arg.Any<RemoteTicketQuery>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(120));
            return new RemoteTicketPage([], [], new RemotePagination(1, 1, 42, 42), 0);
        });

        var result = await Handle();

        result.Succeeded.ShouldBeTrue();
        result.LatencyMs.ShouldBe(120);
        result.Message.ShouldContain("in 120 ms");
        result.Message.ShouldContain("42 tickets");
        await _remote.Received(1).GetTicketsAsync(Arg.Is<RemoteTicketQuery>(q => q.Limit == 1), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Says_so_when_nothing_is_configured()
    {
        _store.GetAsync(Arg.Any<CancellationToken>()).Returns((AdminIntegrationSnapshot?)null);

        var result = await Handle();

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldContain("not configured");
        await _remote.DidNotReceiveWithAnyArgs().GetTicketsAsync(default!, TestContext.Current.CancellationToken);
    }

    private async Task<ConnectionTestResult> Handle() =>
        await new TestConnectionHandler(_remote, _store, _clock).Handle(new TestConnectionCommand(), TestContext.Current.CancellationToken);
}
