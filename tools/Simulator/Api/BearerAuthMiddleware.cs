using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Simulator.Api;

/// <summary><c>Authorization: Bearer &lt;api key&gt;</c> on every contract request; compared in constant time.</summary>
public sealed class BearerAuthMiddleware(RequestDelegate next, SimulatorSettings settings)
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(settings.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        // The scheme name is case-insensitive (RFC 9110); the key itself is not.
        var token = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
        if (token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _expected))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        var message = header.Length == 0 ? "Missing bearer token." : "Invalid bearer token.";
        await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", message);
    }
}

/// <summary>The admin API has no key, so it answers only to the machine it runs on.</summary>
public sealed class LoopbackOnlyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        // No address at all means an in-process transport (a test server): nothing remote about it.
        if (remote is null || System.Net.IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            await next(context);
            return;
        }

        await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden", "The /_sim admin API only answers loopback clients.");
    }
}
