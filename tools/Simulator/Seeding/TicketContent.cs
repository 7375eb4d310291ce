using System.Text;

namespace Ticketing.Simulator.Seeding;

/// <summary>A ready-made title with the tags that go with it; instances are shared between tickets.</summary>
public sealed record TitleTemplate(string Category, string Title, string[] Tags);

/// <summary>
/// Pools of plausible IT ticket text, expanded once from templates so a million tickets share a
/// few thousand strings instead of owning a million copies.
/// </summary>
public sealed class TicketContent
{
    private static readonly string[] Locations = ["2nd floor", "3rd floor", "Building B", "the Lisbon office", "reception", "the warehouse"];
    private static readonly string[] Apps = ["Outlook", "Teams", "Salesforce", "SAP", "Jira", "Slack", "Excel", "Zoom", "Workday", "Chrome"];
    private static readonly string[] Devices = ["laptop", "docking station", "monitor", "headset", "keyboard", "desk phone"];
    private static readonly string[] Printers = ["HP LaserJet M507", "Canon iR-ADV C5535", "Brother HL-L6200", "Xerox VersaLink C405"];

    private static readonly (string Category, string Title, string[] Tags, string[][] Slots)[] Templates =
    [
        ("Network", "VPN drops every {0} minutes", ["vpn", "remote"], [["5", "10", "15", "30"]]),
        ("Network", "Cannot connect to VPN from home", ["vpn", "remote"], []),
        ("Network", "Wi-Fi keeps disconnecting on {0}", ["wifi"], [Locations]),
        ("Network", "Very slow network in {0}", ["performance"], [Locations]),
        ("Network", "DNS does not resolve intranet site", ["dns"], []),
        ("Network", "Firewall blocks access to {0}", ["firewall"], [Apps]),
        ("Network", "Ethernet port dead at desk in {0}", ["cabling"], [Locations]),
        ("Hardware", "{0} will not power on", ["hardware"], [Devices]),
        ("Hardware", "Laptop battery drains in under an hour", ["laptop", "battery"], []),
        ("Hardware", "Second monitor not detected on {0}", ["monitor", "docking"], [Devices]),
        ("Hardware", "Request: replacement {0}", ["request"], [Devices]),
        ("Hardware", "Laptop fan very loud and overheating", ["laptop"], []),
        ("Hardware", "Café kiosk PC won't boot after update", ["kiosk"], []),
        ("Printing", "{0} jams on every print job", ["printer"], [Printers]),
        ("Printing", "Printer in {0} shows offline", ["printer"], [Locations]),
        ("Printing", "Scanned documents never reach my email", ["scanner", "email"], []),
        ("Printing", "Cannot add printer {0}", ["printer", "drivers"], [Printers]),
        ("Software", "{0} crashes on start", ["crash"], [Apps]),
        ("Software", "{0} is extremely slow since this morning", ["performance"], [Apps]),
        ("Software", "Need {0} installed", ["install", "request"], [Apps]),
        ("Software", "Licence expired for {0}", ["licence"], [Apps]),
        ("Software", "Teams crashes when sharing screen — urgent 🙏", ["teams", "crash"], []),
        ("Software", "Excel macro fails with \"Run-time error 1004\"", ["excel", "macro"], []),
        ("Access", "Account locked out", ["account", "password"], []),
        ("Access", "Password reset for {0}", ["password"], [Apps]),
        ("Access", "Need access to {0}", ["access-request"], [Apps]),
        ("Access", "New starter account: {0} team", ["onboarding", "account"], [["Finance", "Sales", "Engineering", "Legal", "Support"]]),
        ("Access", "Remove access for leaver", ["offboarding", "account"], []),
        ("Access", "MFA prompt loops on {0}", ["mfa", "sso"], [Apps]),
        ("Access", "Umlaut ü in username breaks SSO login", ["sso"], []),
        ("Email", "Mailbox full, cannot send", ["mailbox"], []),
        ("Email", "Emails to external partner bounce", ["mail-flow"], []),
        ("Email", "Shared mailbox missing in {0}", ["shared-mailbox"], [["Outlook", "Outlook on the web", "the iPhone mail app"]]),
        ("Email", "Calendar invites arrive twice", ["calendar"], []),
        ("Email", "Outlook says \"Need password\" every hour", ["outlook", "password"], []),
        ("Security", "Suspicious email with attachment", ["phishing"], []),
        ("Security", "Clicked a phishing link by mistake", ["phishing", "incident"], []),
        ("Security", "Antivirus alert on {0}", ["malware"], [Devices]),
        ("Security", "Lost {0} on the train", ["lost-device", "incident"], [Devices]),
        ("Security", "USB drive blocked, need an exception", ["usb", "policy"], []),
        ("Telephony", "Desk phone has no dial tone", ["phone"], []),
        ("Telephony", "Voicemail PIN not accepted", ["voicemail"], []),
        ("Telephony", "Call quality poor in {0}", ["voip"], [Locations]),
    ];

    private static readonly string[] DescriptionOpenings =
    [
        "Since this morning {0}.",
        "Hi team, {0}. Could someone take a look?",
        "{0}. This is blocking my work.",
        "Reported by phone: {0}.",
        "Not sure who to ask — {0}.",
        "{0}; a restart did not help.",
    ];

    private static readonly string[] DescriptionTails =
    [
        "",
        " Tried restarting twice already.",
        " Colleagues next to me have the same problem.",
        " It worked fine last week.",
        " I have a client call at 3 pm, so it is urgent.",
        " Screenshot attached in the portal.",
        " Happens on both the office network and at home.",
        " Error code: 0x80070005.",
    ];

    private static readonly string[] AssetPrefixes = ["LT", "DT", "MN", "PR", "PH"];
    private static readonly string[] OperatingSystems = ["Windows 11 23H2", "Windows 11 24H2", "macOS 14.6", "macOS 15.1", "Ubuntu 24.04"];
    private static readonly string[] Sources = ["portal", "email", "phone", "chat"];

    public TicketContent()
    {
        var titles = new List<TitleTemplate>();
        foreach (var (category, title, tags, slots) in Templates)
        {
            var vip = tags.Append("vip").ToArray();
            foreach (var text in Expand(title, slots))
            {
                titles.Add(new TitleTemplate(category, text, tags));
                titles.Add(new TitleTemplate(category, text, vip));
            }
        }

        Titles = [.. titles];
        Descriptions = BuildDescriptions(titles);
        LongDescriptions = [BuildLongDescription(4_000), BuildLongDescription(60_000)];
        AssetCustomFields = BuildAssetCustomFields();
        OtherCustomFields = BuildOtherCustomFields();
    }

    /// <summary>Each distinct title appears twice: with its own tags, and with "vip" added.</summary>
    public TitleTemplate[] Titles { get; }

    /// <summary>Descriptions per title text, so a description matches its title.</summary>
    public Dictionary<string, string[]> Descriptions { get; }

    /// <summary>A log excerpt of a few KiB and one close to the contract's 64 KiB ceiling.</summary>
    public string[] LongDescriptions { get; }

    /// <summary>
    /// custom_fields objects naming an asset, flat or with a nested device object; a pool of a few
    /// thousand, so tickets about the same asset share the text.
    /// </summary>
    public string[] AssetCustomFields { get; }

    /// <summary>custom_fields objects without an asset: the intake channel, sometimes a nested impact.</summary>
    public string[] OtherCustomFields { get; }

    private static IEnumerable<string> Expand(string template, string[][] slots) =>
        slots.Length == 0 ? [template] : slots[0].Select(value => template.Replace("{0}", value, StringComparison.Ordinal));

    private static Dictionary<string, string[]> BuildDescriptions(List<TitleTemplate> titles)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var title in titles)
        {
            if (result.ContainsKey(title.Title))
            {
                continue;
            }

            var subject = char.ToLowerInvariant(title.Title[0]) + title.Title[1..];
            var descriptions = new string[DescriptionOpenings.Length];
            for (var i = 0; i < descriptions.Length; i++)
            {
                var opening = DescriptionOpenings[i].Replace("{0}", subject, StringComparison.Ordinal);
                opening = char.ToUpperInvariant(opening[0]) + opening[1..];
                descriptions[i] = opening + DescriptionTails[(i * 3 + title.Title.Length) % DescriptionTails.Length];
            }

            result[title.Title] = descriptions;
        }

        return result;
    }

    private static string BuildLongDescription(int length)
    {
        var builder = new StringBuilder("The client logs below repeat until the connection drops:\n\n");
        var line = 0;
        while (builder.Length < length - 120)
        {
            builder.Append("2026-11-20 08:")
                .Append((line / 60 % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                .Append(':')
                .Append((line % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" WARN  tunnel[").Append(line % 7).Append("] keepalive timeout <gw-02> \"retrying\" \\ ✓\n");
            line++;
        }

        return builder.Append("\nEnd of log.").ToString();
    }

    private static string[] BuildAssetCustomFields()
    {
        var fields = new List<string>();
        for (var asset = 1; asset <= 3000; asset++)
        {
            var tag = $"{AssetPrefixes[asset % AssetPrefixes.Length]}-{1000 + asset}";
            fields.Add(asset % 4 == 0
                ? $$$"""{"asset_tag":"{{{tag}}}","device":{"os":"{{{OperatingSystems[asset % OperatingSystems.Length]}}}","warranty_until":"{{{2026 + (asset % 3)}}}-0{{{1 + (asset % 9)}}}-15","encrypted":{{{(asset % 5 != 0 ? "true" : "false")}}}}}"""
                : $$"""{"asset_tag":"{{tag}}"}""");
        }

        return [.. fields];
    }

    private static string[] BuildOtherCustomFields()
    {
        var fields = new List<string>();
        foreach (var source in Sources)
        {
            fields.Add($$"""{"source":"{{source}}"}""");
            fields.Add($$$"""{"source":"{{{source}}}","impact":{"users_affected":12,"sites":["HQ","Lisbon"]}}""");
        }

        return [.. fields];
    }
}
