using System.Net;

namespace Ticketing.Web.Webhooks;

/// <summary>
/// The optional list of addresses allowed to send webhooks. Entries are single addresses or CIDR ranges
/// of either family; an IPv4 client seen on a dual-stack socket as <c>::ffff:a.b.c.d</c> matches its
/// IPv4 entry.
/// </summary>
public sealed class WebhookAllowlist
{
    private readonly IPNetwork[] _networks;

    private WebhookAllowlist(IPNetwork[] networks) => _networks = networks;

    public static WebhookAllowlist AllowAll { get; } = new([]);

    public bool AllowsEveryone => _networks.Length == 0;

    /// <summary>Reads the entries; <paramref name="invalid"/> lists those that are neither an address nor a CIDR range.</summary>
    public static bool TryParse(IEnumerable<string> entries, out WebhookAllowlist allowlist, out IReadOnlyList<string> invalid)
    {
        var networks = new List<IPNetwork>();
        var bad = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                var single = Normalize(address);
                networks.Add(new IPNetwork(single, single.GetAddressBytes().Length * 8));
            }
            else
            {
                bad.Add(entry);
            }
        }

        allowlist = new WebhookAllowlist([.. networks]);
        invalid = bad;
        return bad.Count == 0;
    }

    public bool Allows(IPAddress? address)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var normalized = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
