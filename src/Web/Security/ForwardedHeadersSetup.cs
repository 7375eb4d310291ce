using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ticketing.Web.Security;

/// <summary>
/// <c>Ticketing:Security:ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Only these: ASP.NET Core's default trusts loopback, and behind
/// nothing a visitor could then claim any address. With them, the sign-in rate limit, the webhook
/// allow-list and audit entries see the real client, and HTTPS redirect and HSTS see the real scheme.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Ticketing:Security:ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to unwrap (one reverse proxy: 1).</summary>
    public int ForwardLimit { get; set; } = 1;
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        var anyProxy = settings.KnownProxies.Count > 0 || settings.KnownNetworks.Count > 0;
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With both lists empty the middleware would believe any sender: no proxy, no forwarded headers.
            options.ForwardedHeaders = anyProxy ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            options.ForwardLimit = Math.Max(1, settings.ForwardLimit);
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }

            foreach (var network in settings.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
        return services;
    }
}
