using System.Globalization;
using System.Security.Authentication;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;

namespace Ticketing.Application.Admin.Commands.TestConnection;

/// <summary>
/// Asks Championship IT for one ticket with the saved settings and reports the latency, or exactly
/// why it failed (DNS, TLS, connection, a rejected key, a timeout), in words an admin can act on.
/// </summary>
public sealed record TestConnectionCommand : ICommand<ConnectionTestResult>, IAdminRequest;

public sealed record ConnectionTestResult(bool Succeeded, long? LatencyMs, string Message);

public sealed class TestConnectionHandler(ITicketingApi remote, IAdminIntegrationStore store, TimeProvider clock)
    : ICommandHandler<TestConnectionCommand, ConnectionTestResult>
{
    public const string RejectedKeyMessage = "The API key was rejected (401 Unauthorized): enter the current key and save.";

    public async ValueTask<ConnectionTestResult> Handle(TestConnectionCommand command, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetAsync(cancellationToken);
        if (snapshot is null)
        {
            return new ConnectionTestResult(false, null, "The integration is not configured yet: save the API base URL and API key first.");
        }

        // The admin's request timeout bounds the test, whatever the client's own limits.
        var limit = TimeSpan.FromSeconds(Math.Max(1, snapshot.Config.RequestTimeoutSeconds));
        using var timeout = new CancellationTokenSource(limit, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = clock.GetTimestamp();
        try
        {
            var page = await remote.GetTicketsAsync(new RemoteTicketQuery { Limit = 1 }, linked.Token);
            var latency = Milliseconds(started);
            return new ConnectionTestResult(
                true,
                latency,
                string.Create(CultureInfo.InvariantCulture, $"Connected to Championship IT in {latency} ms; it reports {page.Pagination.Total:N0} tickets."));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(started, $"Timeout: Championship IT did not answer within the request timeout of {limit.TotalSeconds:0} s.");
        }
        catch (RemoteUnauthorizedException ex)
        {
            return Failed(started, ex.Message == RemoteUnauthorizedException.RejectedKeyMessage ? RejectedKeyMessage : ex.Message);
        }
        catch (RemoteUnavailableException ex)
        {
            return Failed(started, Describe(ex));
        }
        catch (Exception ex) when (ex is RemoteRejectedException or RemoteNotFoundException)
        {
            return Failed(started, ex.Message);
        }
    }

    /// <summary>For network failures, the category and the socket's or TLS layer's own reason.</summary>
    internal static string Describe(RemoteUnavailableException ex)
    {
        switch (ex.Reason)
        {
            case RemoteUnavailableReason.NetworkError when Find<HttpRequestException>(ex) is { } http:
                var category = http.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => "DNS: the host name could not be resolved",
                    HttpRequestError.SecureConnectionError => "TLS: the secure connection could not be established",
                    HttpRequestError.ConnectionError => "Connection failed (refused, reset or unreachable)",
                    HttpRequestError.ProxyTunnelError => "The proxy refused the connection",
                    _ => "Championship IT could not be reached",
                };
                var reason = http.Message;
                if (Find<AuthenticationException>(http) is { } tls && !reason.Contains(tls.Message, StringComparison.Ordinal))
                {
                    reason = $"{reason} {tls.Message}";
                }

                return $"{category}. {reason}";
            case RemoteUnavailableReason.Timeout:
                return $"Timeout: {ex.Message}";
            default:
                return ex.Message;
        }
    }

    private ConnectionTestResult Failed(long started, string message) => new(false, Milliseconds(started), message);

    private long Milliseconds(long started) => (long)clock.GetElapsedTime(started).TotalMilliseconds;

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (var current = ex.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
