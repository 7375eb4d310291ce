using System.Globalization;
using System.Text;

namespace Ticketing.Simulator.Seeding;

/// <summary>A ready-made title with the tags that go with it; instances are shared between tickets.</summary>
public sealed record TitleTemplate(string Category, string Title, string[] Tags)
{
    /// <summary>Position of the title text among the distinct texts, for the description pool.</summary>
    internal int TextIndex { get; init; }
}

/// <summary>
/// Pools of plausible IT ticket text, expanded once from templates so a million tickets share a
/// few tens of thousands of strings instead of owning a million copies.
/// The text carries signal a classifier can learn, with noise it cannot: titles name the
/// category's things (VPN, printer, password), applications in titles lean towards the
/// requester's department, and descriptions add a sentence about the department's work half of
/// the time and a sentence about urgency three times in four. Generic titles
/// ("Computer problem") say nothing about the category.
/// </summary>
public sealed class TicketContent
{
    /// <summary>The categories, in the order the weight tables below use.</summary>
    public static readonly string[] Categories = ["Network", "Hardware", "Software", "Access", "Email", "Security", "Printing", "Telephony"];

    /// <summary>Description variants per (title, department, priority): which cue sentences each carries.</summary>
    internal const int VariantCount = 4;

    private const int PriorityCount = 5;

    private static readonly string[] Locations = ["2nd floor", "3rd floor", "Building B", "the Lisbon office", "reception", "the warehouse"];

    private static readonly string[] Apps =
    [
        "Outlook", "Teams", "Salesforce", "SAP", "Jira", "Slack", "Excel", "Zoom", "Workday", "Chrome",
        "GitHub", "Zendesk", "Photoshop", "DocuSign", "ServiceNow",
    ];

    private static readonly string[] Devices = ["laptop", "docking station", "monitor", "headset", "keyboard", "desk phone"];
    private static readonly string[] Printers = ["HP LaserJet M507", "Canon iR-ADV C5535", "Brother HL-L6200", "Xerox VersaLink C405"];

    private static readonly (string Category, string Title, string[] Tags, string[] Slot)[] Templates =
    [
        ("Network", "VPN drops every {0} minutes", ["vpn", "remote"], ["5", "10", "15", "30"]),
        ("Network", "Cannot connect to VPN from home", ["vpn", "remote"], []),
        ("Network", "Wi-Fi keeps disconnecting on {0}", ["wifi"], Locations),
        ("Network", "Very slow network in {0}", ["performance"], Locations),
        ("Network", "DNS does not resolve intranet site", ["dns"], []),
        ("Network", "Firewall blocks access to {0}", ["firewall"], Apps),
        ("Network", "Ethernet port dead at desk in {0}", ["cabling"], Locations),
        ("Hardware", "{0} will not power on", ["hardware"], Devices),
        ("Hardware", "Laptop battery drains in under an hour", ["laptop", "battery"], []),
        ("Hardware", "Second monitor not detected on {0}", ["monitor", "docking"], Devices),
        ("Hardware", "Request: replacement {0}", ["request"], Devices),
        ("Hardware", "Laptop fan very loud and overheating", ["laptop"], []),
        ("Hardware", "Café kiosk PC won't boot after update", ["kiosk"], []),
        ("Printing", "{0} jams on every print job", ["printer"], Printers),
        ("Printing", "Printer in {0} shows offline", ["printer"], Locations),
        ("Printing", "Scanned documents never reach my email", ["scanner", "email"], []),
        ("Printing", "Cannot add printer {0}", ["printer", "drivers"], Printers),
        ("Software", "{0} crashes on start", ["crash"], Apps),
        ("Software", "{0} is extremely slow since this morning", ["performance"], Apps),
        ("Software", "Need {0} installed", ["install", "request"], Apps),
        ("Software", "Licence expired for {0}", ["licence"], Apps),
        ("Software", "Teams crashes when sharing screen — urgent 🙏", ["teams", "crash"], []),
        ("Software", "Excel macro fails with \"Run-time error 1004\"", ["excel", "macro"], []),
        ("Access", "Account locked out", ["account", "password"], []),
        ("Access", "Password reset for {0}", ["password"], Apps),
        ("Access", "Need access to {0}", ["access-request"], Apps),
        ("Access", "New starter account: {0} team", ["onboarding", "account"], ["Finance", "Sales", "Engineering", "Legal", "Support"]),
        ("Access", "Remove access for leaver", ["offboarding", "account"], []),
        ("Access", "MFA prompt loops on {0}", ["mfa", "sso"], Apps),
        ("Access", "Umlaut ü in username breaks SSO login", ["sso"], []),
        ("Email", "Mailbox full, cannot send", ["mailbox"], []),
        ("Email", "Emails to external partner bounce", ["mail-flow"], []),
        ("Email", "Shared mailbox missing in {0}", ["shared-mailbox"], ["Outlook", "Outlook on the web", "the iPhone mail app"]),
        ("Email", "Calendar invites arrive twice", ["calendar"], []),
        ("Email", "Outlook says \"Need password\" every hour", ["outlook", "password"], []),
        ("Security", "Suspicious email with attachment", ["phishing"], []),
        ("Security", "Clicked a phishing link by mistake", ["phishing", "incident"], []),
        ("Security", "Antivirus alert on {0}", ["malware"], Devices),
        ("Security", "Lost {0} on the train", ["lost-device", "incident"], Devices),
        ("Security", "USB drive blocked, need an exception", ["usb", "policy"], []),
        ("Telephony", "Desk phone has no dial tone", ["phone"], []),
        ("Telephony", "Voicemail PIN not accepted", ["voicemail"], []),
        ("Telephony", "Call quality poor in {0}", ["voip"], Locations),
    ];

    /// <summary>Titles that name no category: the part of the text a classifier cannot get right.</summary>
    private static readonly string[] GenericTitles =
    [
        "Computer problem", "Something is not working", "Please help", "Issue since this morning's update",
        "Can't work properly", "Problem with my setup", "Error message keeps popping up", "Question for IT",
    ];

    /// <summary>
    /// Category weights per department (rows in <see cref="People.AllDepartments"/> order, then
    /// one for no department), columns in <see cref="Categories"/> order.
    /// </summary>
    private static readonly double[][] CategoryWeights =
    [
        [20, 14, 18, 16, 9, 14, 5, 4],   // IT Operations
        [14, 14, 32, 20, 9, 7, 3, 1],    // Engineering
        [12, 14, 26, 18, 11, 5, 11, 3],  // Finance
        [11, 14, 18, 27, 12, 6, 8, 4],   // Human Resources
        [15, 15, 19, 15, 14, 5, 6, 11],  // Sales
        [12, 17, 26, 15, 12, 5, 9, 4],   // Marketing
        [12, 14, 17, 17, 14, 13, 9, 4],  // Legal
        [17, 14, 18, 15, 10, 5, 6, 15],  // Customer Support
        [13, 26, 10, 12, 8, 5, 12, 14],  // Facilities
        [14, 16, 20, 18, 11, 7, 8, 6],   // no department
    ];

    /// <summary>Priority weights (low … critical) per category: security incidents run hot, printers cool.</summary>
    private static readonly double[][] PriorityWeights =
    [
        [0.12, 0.38, 0.30, 0.13, 0.07],  // Network
        [0.20, 0.42, 0.25, 0.09, 0.04],  // Hardware
        [0.20, 0.40, 0.25, 0.10, 0.05],  // Software
        [0.22, 0.43, 0.24, 0.08, 0.03],  // Access
        [0.22, 0.42, 0.24, 0.08, 0.04],  // Email
        [0.06, 0.26, 0.32, 0.20, 0.16],  // Security
        [0.38, 0.44, 0.14, 0.03, 0.01],  // Printing
        [0.18, 0.40, 0.27, 0.10, 0.05],  // Telephony
    ];

    /// <summary>Apps (indexes into <see cref="Apps"/>) each department names most, in department order then none.</summary>
    private static readonly int[][] PreferredApps =
    [
        [14, 4, 9],   // IT Operations: ServiceNow, Jira, Chrome
        [10, 4, 5],   // Engineering: GitHub, Jira, Slack
        [3, 6],       // Finance: SAP, Excel
        [8],          // Human Resources: Workday
        [2, 7],       // Sales: Salesforce, Zoom
        [12, 5],      // Marketing: Photoshop, Slack
        [13, 0],      // Legal: DocuSign, Outlook
        [11, 1],      // Customer Support: Zendesk, Teams
        [0],          // Facilities: Outlook
        [],           // no department
    ];

    private static readonly string[][] DepartmentCues =
    [
        ["The monitoring dashboard for the data centre shows it too.", "I noticed it during the overnight server patching.", "Our on-call rota depends on this."],
        ["Our CI builds are failing because of it.", "I need this for the release we ship on Thursday.", "The dev team on my floor is affected."],
        ["We are in the middle of month-end close.", "I need to post invoices before the payment run.", "The quarterly audit starts on Monday."],
        ["Payroll has to go out on Friday.", "I have three new-starter interviews today.", "Employee records need updating before the review cycle."],
        ["I have a customer demo this afternoon.", "Our pipeline review with the sales director is today.", "I'm on the road visiting clients all week."],
        ["The campaign launches tomorrow morning.", "I need to finish the brochure artwork for the print shop.", "Our social media calendar is stuck."],
        ["A contract has to be signed by end of day.", "I'm preparing documents for a court filing.", "The NDA for the new supplier is waiting on this."],
        ["Our call queue is backing up.", "Customers are waiting on the chat line.", "I can't update support cases for my shift."],
        ["This is for the meeting rooms we are refitting.", "The badge readers at the loading dock are involved.", "The building maintenance schedule depends on it."],
        [],
    ];

    /// <summary>Sentences about urgency, low … critical; a medium ticket sometimes says nothing.</summary>
    private static readonly string[][] PriorityCues =
    [
        ["No rush, whenever you have time.", "Just a minor annoyance.", "Low priority — nice to have."],
        ["It would be good to have this sorted this week.", "I can work around it for now.", ""],
        ["This is blocking most of my work.", "Several colleagues are affected too.", "Please look at it today if possible."],
        ["This is urgent, I have a deadline in two hours.", "Please help ASAP.", "It's blocking an important client delivery today."],
        ["Nobody in the office can work!", "Production is down for everyone.", "The whole site is affected — please treat as an emergency."],
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
        " Screenshot attached in the portal.",
        " Happens on both the office network and at home.",
        " Error code: 0x80070005.",
    ];

    private static readonly string[] AssetPrefixes = ["LT", "DT", "MN", "PR", "PH"];
    private static readonly string[] OperatingSystems = ["Windows 11 23H2", "Windows 11 24H2", "macOS 14.6", "macOS 15.1", "Ubuntu 24.04"];
    private static readonly string[] Sources = ["portal", "email", "phone", "chat"];

    private readonly List<string> _texts = [];
    private readonly TemplateGroup[][] _groupsByCategory;
    private readonly TemplateGroup _generic;
    private readonly double[][] _categoryCumulative;
    private readonly double[][] _priorityCumulative;

    /// <summary>
    /// Filled on first use: a benign race at worst builds the same string twice, and only the
    /// combinations a population actually draws are ever built.
    /// </summary>
    private readonly string?[] _descriptions;

    /// <summary>The description's first sentence per (title text, opening), shared by every variant built on it.</summary>
    private readonly string?[] _openings;

    public TicketContent()
    {
        var titles = new List<TitleTemplate>();
        _groupsByCategory = [.. Categories.Select(category => Templates
            .Where(template => template.Category == category)
            .Select(template => BuildGroup(category, template.Title, template.Tags, template.Slot, titles))
            .ToArray())];
        _generic = BuildGroup(string.Empty, "{0}", ["general"], GenericTitles, titles);
        Titles = [.. titles];
        _descriptions = new string?[_texts.Count * (People.AllDepartments.Count + 1) * PriorityCount * VariantCount];
        _openings = new string?[_texts.Count * DescriptionOpenings.Length];
        _categoryCumulative = [.. CategoryWeights.Select(Cumulative)];
        _priorityCumulative = [.. PriorityWeights.Select(Cumulative)];
        LongDescriptions = [BuildLongDescription(4_000), BuildLongDescription(60_000)];
        AssetCustomFields = BuildAssetCustomFields();
        OtherCustomFields = BuildOtherCustomFields();
    }

    /// <summary>Every title, each distinct text twice: with its own tags, and with "vip" added.</summary>
    public TitleTemplate[] Titles { get; }

    /// <summary>A log excerpt of a few KiB and one close to the contract's 64 KiB ceiling.</summary>
    public string[] LongDescriptions { get; }

    /// <summary>
    /// custom_fields objects naming an asset, flat or with a nested device object; a pool of a few
    /// thousand, so tickets about the same asset share the text.
    /// </summary>
    public string[] AssetCustomFields { get; }

    /// <summary>custom_fields objects without an asset: the intake channel, sometimes a nested impact.</summary>
    public string[] OtherCustomFields { get; }

    /// <summary>A category index for a requester in department <paramref name="departmentIndex"/>.</summary>
    internal int DrawCategory(int departmentIndex, Random random) => Pick(_categoryCumulative[departmentIndex], random.NextDouble());

    internal int DrawPriority(int categoryIndex, Random random) => Pick(_priorityCumulative[categoryIndex], random.NextDouble());

    /// <summary>A title about category <paramref name="categoryIndex"/>, naming the department's applications more often than others.</summary>
    internal TitleTemplate DrawTitle(int categoryIndex, int departmentIndex, bool vip, Random random)
    {
        var groups = _groupsByCategory[categoryIndex];
        var group = groups[random.Next(groups.Length)];
        var preferred = PreferredApps[departmentIndex];
        var index = group.NamesApps && preferred.Length > 0 && random.NextDouble() < 0.6
            ? preferred[random.Next(preferred.Length)]
            : random.Next(group.Plain.Length);
        return vip ? group.Vip[index] : group.Plain[index];
    }

    internal TitleTemplate DrawGenericTitle(bool vip, Random random)
    {
        var index = random.Next(_generic.Plain.Length);
        return vip ? _generic.Vip[index] : _generic.Plain[index];
    }

    /// <summary>
    /// The description for a title written by someone in <paramref name="departmentIndex"/> who
    /// considers the problem of priority <paramref name="priority"/>. Variants 0 and 2 mention the
    /// department's work, 0–2 say how urgent it is, 3 says neither.
    /// </summary>
    internal string Description(TitleTemplate title, int departmentIndex, int priority, int variant)
    {
        var slot = ((((title.TextIndex * (People.AllDepartments.Count + 1)) + departmentIndex) * PriorityCount) + priority) * VariantCount + variant;
        return _descriptions[slot] ??= BuildDescription(title.TextIndex, departmentIndex, priority, variant);
    }

    private TemplateGroup BuildGroup(string category, string title, string[] tags, string[] slot, List<TitleTemplate> titles)
    {
        var texts = slot.Length == 0 ? [title] : slot.Select(value => title.Replace("{0}", value, StringComparison.Ordinal)).ToArray();
        var vipTags = tags.Append("vip").ToArray();
        var plain = new TitleTemplate[texts.Length];
        var vip = new TitleTemplate[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            _texts.Add(texts[i]);
            plain[i] = new TitleTemplate(category, texts[i], tags) { TextIndex = _texts.Count - 1 };
            vip[i] = new TitleTemplate(category, texts[i], vipTags) { TextIndex = _texts.Count - 1 };
            titles.Add(plain[i]);
            titles.Add(vip[i]);
        }

        return new TemplateGroup(plain, vip, ReferenceEquals(slot, Apps));
    }

    /// <summary>One allocation per description: the sentences are pooled, only their concatenation is new.</summary>
    private string BuildDescription(int textIndex, int departmentIndex, int priority, int variant)
    {
        // A stable mix of the title and the cue so the sentences chosen vary across tickets but
        // never between runs.
        var hash = StableHash(_texts[textIndex]);
        var opening = Opening(textIndex, (int)((hash + (uint)variant) % DescriptionOpenings.Length));
        var departmentCues = DepartmentCues[departmentIndex];
        var department = variant is 0 or 2 && departmentCues.Length > 0
            ? departmentCues[(int)((hash + (uint)(priority * 7) + (uint)variant) % departmentCues.Length)]
            : string.Empty;
        var urgency = variant < 3
            ? PriorityCues[priority][(int)((hash + (uint)(departmentIndex * 5) + (uint)variant) % PriorityCues[priority].Length)]
            : string.Empty;
        var tail = DescriptionTails[(int)((hash / 7 + (uint)(variant * 3) + (uint)departmentIndex) % DescriptionTails.Length)];
        return string.Concat([opening, department.Length > 0 ? " " : string.Empty, department, urgency.Length > 0 ? " " : string.Empty, urgency, tail]);
    }

    private string Opening(int textIndex, int opening)
    {
        ref var slot = ref _openings[(textIndex * DescriptionOpenings.Length) + opening];
        if (slot is null)
        {
            var title = _texts[textIndex];
            var subject = char.ToLowerInvariant(title[0]) + title[1..];
            var text = DescriptionOpenings[opening].Replace("{0}", subject, StringComparison.Ordinal);
            slot = char.ToUpperInvariant(text[0]) + text[1..];
        }

        return slot;
    }

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and the text must not be.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static double[] Cumulative(double[] weights)
    {
        var total = weights.Sum();
        var result = new double[weights.Length];
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i] / total;
            result[i] = running;
        }

        result[^1] = 1.0;
        return result;
    }

    private static int Pick(double[] cumulative, double draw)
    {
        var index = 0;
        while (index < cumulative.Length - 1 && draw >= cumulative[index])
        {
            index++;
        }

        return index;
    }

    private static string BuildLongDescription(int length)
    {
        var builder = new StringBuilder("The client logs below repeat until the connection drops:\n\n");
        var line = 0;
        while (builder.Length < length - 120)
        {
            builder.Append("2026-11-20 08:")
                .Append((line / 60 % 60).ToString("00", CultureInfo.InvariantCulture))
                .Append(':')
                .Append((line % 60).ToString("00", CultureInfo.InvariantCulture))
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

    /// <summary>One template's expansions; for an application slot, expansion i names <c>Apps[i]</c>.</summary>
    private sealed record TemplateGroup(TitleTemplate[] Plain, TitleTemplate[] Vip, bool NamesApps);
}
