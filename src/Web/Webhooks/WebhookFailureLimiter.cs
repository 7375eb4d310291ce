using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ticketing.Web.Webhooks;

/// <summary>
/// Counts failed verifications per source address and says when an address has had too many: its
/// further failures are answered 429. Only failures are counted, after the (cheap) signature check, so
/// validly signed messages are never throttled, even from an address that is also sending bad ones.
/// </summary>
public sealed class WebhookFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public WebhookFailureLimiter(IOptions<TicketWebhookOptions> options)
    {
        var settings = options.Value;
        _window = settings.FailedAttemptWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.FailedAttemptLimit,
                Window = settings.FailedAttemptWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Counts a failure from <paramref name="address"/>; false (with when to retry) once it is over the limit.</summary>
    public bool TryRecordFailure(IPAddress? address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(PartitionKey(address));
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
        return false;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// IPv4 addresses count one by one; IPv6 ones by their /64, since one client usually holds a whole
    /// /64 and could otherwise step around the limit by changing addresses.
    /// </summary>
    internal static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
