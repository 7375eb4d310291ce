using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator.Faults;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>
/// Retries, Retry-After, timeouts and the circuit breaker against simulator faults. Faults are
/// switched on for a test and off again by polling the simulator's counters, never by sleeping.
/// </summary>
public sealed class RemoteResilienceTests(RemoteClientFixture fixture) : IClassFixture<RemoteClientFixture>, IDisposable
{
    private static readonly RemoteTicketQuery OneTicket = new() { Limit = 1 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FaultController Faults => fixture.Simulator.Faults;

    public void Dispose() => Faults.Reset();

    [Fact]
    public async Task Server_errors_are_retried_until_the_remote_answers()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?> { ["RetryBaseDelaySeconds"] = "0.5" });
        var requests = fixture.Simulator.Counters.Requests;
        var faults = fixture.Simulator.Counters.FaultsInjected;
        Faults.Current = new FaultSettings { ErrorRate = 1 };

        var call = remote.Api.GetTicketsAsync(OneTicket, Ct);
        await Eventually.UntilAsync(() => fixture.Simulator.Counters.FaultsInjected > faults, "the first attempt failed");
        Faults.Reset();
        var page = await call;

        page.Tickets.ShouldHaveSingleItem();
        page.Retries.ShouldBeInRange(1, 2);
        (fixture.Simulator.Counters.Requests - requests).ShouldBe(page.Retries + 1);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_retry_after_delay()
    {
        await using var remote = await fixture.ConnectAsync();
        var faults = fixture.Simulator.Counters.FaultsInjected;
        Faults.Current = new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 1 };
        var stopwatch = Stopwatch.StartNew();

        var call = remote.Api.GetTicketsAsync(OneTicket, Ct);
        await Eventually.UntilAsync(() => fixture.Simulator.Counters.FaultsInjected > faults, "the first attempt was rate limited");
        Faults.Reset();
        var page = await call;

        page.Tickets.ShouldHaveSingleItem();
        page.Retries.ShouldBeGreaterThanOrEqualTo(1);
        // The retry base delay is 50 ms here, so a wait near a second can only be the Retry-After.
        stopwatch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Gives_up_after_three_attempts_with_a_clear_message()
    {
        await using var remote = await fixture.ConnectAsync();
        var requests = fixture.Simulator.Counters.Requests;
        Faults.Current = new FaultSettings { ErrorRate = 1 };

        var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct));

        error.Reason.ShouldBe(RemoteUnavailableReason.ServerError);
        error.Message.ShouldMatch(@"^Championship IT failed with 50[0234] .* after 3 attempts\.$");
        (fixture.Simulator.Counters.Requests - requests).ShouldBe(3);
    }

    [Fact]
    public async Task A_rate_limit_that_lasts_gives_up_as_rate_limited()
    {
        await using var remote = await fixture.ConnectAsync();
        Faults.Current = new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 0 };

        var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketAsync("tkt_any", Ct));

        error.Reason.ShouldBe(RemoteUnavailableReason.RateLimited);
        error.Message.ShouldContain("429");
        error.Message.ShouldContain("after 3 attempts");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_total_timeout_fails_at_once()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?> { ["TotalTimeoutSeconds"] = "5" });
        var requests = fixture.Simulator.Counters.Requests;
        Faults.Current = new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 120 };

        var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct));

        error.Reason.ShouldBe(RemoteUnavailableReason.RateLimited);
        error.Message.ShouldContain("asked to wait 120 s");
        (fixture.Simulator.Counters.Requests - requests).ShouldBe(1);
    }

    [Fact]
    public async Task A_hanging_remote_times_out_per_attempt_within_the_configured_limit()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?>
        {
            ["AttemptTimeoutSeconds"] = "0.3",
            ["TotalTimeoutSeconds"] = "3",
        });
        var requests = fixture.Simulator.Counters.Requests;
        Faults.Current = new FaultSettings { HangRate = 1 };
        var stopwatch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct));

        error.Reason.ShouldBe(RemoteUnavailableReason.Timeout);
        error.Message.ShouldBe("Championship IT did not answer within 0.3 s after 3 attempts.");
        error.InnerException.ShouldNotBeNull();
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3 + 2));
        (fixture.Simulator.Counters.Requests - requests).ShouldBe(3);
    }

    [Fact]
    public async Task The_request_timeout_an_admin_sets_limits_the_whole_call()
    {
        await using (var db = fixture.Database.CreateDbContext())
        {
            await db.SystemConfigs.ExecuteUpdateAsync(s => s.SetProperty(c => c.RequestTimeoutSeconds, 1), Ct);
        }

        try
        {
            await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?> { ["AttemptTimeoutSeconds"] = "5", ["TotalTimeoutSeconds"] = "15" });
            Faults.Current = new FaultSettings { HangRate = 1 };
            var stopwatch = Stopwatch.StartNew();

            var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct));

            error.Reason.ShouldBe(RemoteUnavailableReason.Timeout);
            error.Message.ShouldBe("Championship IT did not answer within 1 s.");
            stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the admin's 1 s, not the attempt's 5 s");
        }
        finally
        {
            await using var db = fixture.Database.CreateDbContext();
            await db.SystemConfigs.ExecuteUpdateAsync(s => s.SetProperty(c => c.RequestTimeoutSeconds, 30), CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_total_timeout_ends_the_call_whatever_the_attempts()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?>
        {
            ["AttemptTimeoutSeconds"] = "1",
            ["TotalTimeoutSeconds"] = "1.5",
        });
        Faults.Current = new FaultSettings { HangRate = 1 };
        var stopwatch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct));

        error.Reason.ShouldBe(RemoteUnavailableReason.Timeout);
        error.Message.ShouldBe("Championship IT did not answer within 1.5 s.");
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.5 + 2));
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        await using var remote = await fixture.ConnectAsync();
        Faults.Current = new FaultSettings { HangRate = 1 };
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        var error = await Should.ThrowAsync<Exception>(() => remote.Api.GetTicketsAsync(OneTicket, cancellation.Token));

        error.ShouldBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task A_create_retried_after_server_errors_is_created_once()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?> { ["RetryBaseDelaySeconds"] = "0.5" });
        var creates = fixture.Simulator.Counters.Creates;
        var faults = fixture.Simulator.Counters.FaultsInjected;
        var key = Guid.NewGuid();
        var ticket = new RemoteTicketCreate("Monitor flickers", TicketPriority.Low);
        Faults.Current = new FaultSettings { ErrorRate = 1 };

        var call = remote.Api.CreateTicketAsync(ticket, key, Ct);
        await Eventually.UntilAsync(() => fixture.Simulator.Counters.FaultsInjected > faults, "the first attempt failed");
        Faults.Reset();
        var created = await call;
        // The caller's own retry after, say, a timeout it saw: same key, no second ticket.
        var replay = await remote.Api.CreateTicketAsync(ticket, key, Ct);

        created.Retries.ShouldBeGreaterThanOrEqualTo(1);
        created.IsReplay.ShouldBeFalse();
        replay.IsReplay.ShouldBeTrue();
        replay.Ticket.ExternalTicketId.ShouldBe(created.Ticket.ExternalTicketId);
        (fixture.Simulator.Counters.Creates - creates).ShouldBe(1);
    }

    [Fact]
    public async Task A_patch_is_retried_like_a_get()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?> { ["RetryBaseDelaySeconds"] = "0.5" });
        var id = fixture.Simulator.Store.Snapshot()[5].Id;
        var faults = fixture.Simulator.Counters.FaultsInjected;
        Faults.Current = new FaultSettings { ErrorRate = 1 };

        var call = remote.Api.UpdateTicketAsync(id, new RemoteTicketUpdate { Priority = TicketPriority.Critical }, Ct);
        await Eventually.UntilAsync(() => fixture.Simulator.Counters.FaultsInjected > faults, "the first attempt failed");
        Faults.Reset();
        var result = await call;

        result.Retries.ShouldBeGreaterThanOrEqualTo(1);
        result.Ticket.Priority.ShouldBe(TicketPriority.Critical);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_so_calls_fail_fast_without_reaching_the_remote()
    {
        await using var remote = await fixture.ConnectAsync(new Dictionary<string, string?>
        {
            ["CircuitBreakerMinimumThroughput"] = "4",
            ["CircuitBreakerBreakSeconds"] = "30",
        });
        Faults.Current = new FaultSettings { Down = true };

        RemoteUnavailableException? error = null;
        for (var call = 0; call < 5 && error?.Reason != RemoteUnavailableReason.CircuitOpen; call++)
        {
            error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct));
        }

        error!.Reason.ShouldBe(RemoteUnavailableReason.CircuitOpen);
        error.Message.ShouldContain("paused");
        var requests = fixture.Simulator.Counters.Requests;
        (await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(OneTicket, Ct)))
            .Reason.ShouldBe(RemoteUnavailableReason.CircuitOpen);
        fixture.Simulator.Counters.Requests.ShouldBe(requests);
    }
}
