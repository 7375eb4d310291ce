using System.Net;
using Microsoft.AspNetCore.Http;

namespace Ticketing.Infrastructure.Audit;

/// <summary>
/// The client's address as the app sees it: behind a configured proxy, the forwarded-headers middleware
/// has already put the address the proxy saw in its place; from anyone else, the connection's own.
/// </summary>
public static class ClientAddress
{
    public static string? Of(HttpContext? context) =>
        context?.Connection.RemoteIpAddress is { } ip ? Normalize(ip).ToString() : null;

    private static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
