using System.Net;
using System.Text.RegularExpressions;
using CsCheck;
using Shouldly;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator;

namespace Ticketing.IntegrationTests.Security;

/// <summary>
/// Hostile query values on every page that reads its query string (the ticket list and its scripts'
/// handlers, the export, the inbox, the audit log and its export, the sync logs): random names from the
/// page's own parameters with random values (huge and negative numbers, far dates, injection strings,
/// long and odd text, repeated parameters). None may answer a 5xx, and the list never shows more rows
/// than its largest page size.
/// </summary>
public sealed partial class QueryParameterPropertyTests
{
    private static readonly (string Path, string[] Parameters)[] Pages =
    [
        ("/Tickets", ["status", "priority", "category", "department", "assignee", "q", "sla", "sort", "dir", "page", "size", "handler", "view", "x"]),
        ("/Tickets/Export", ["status", "priority", "q", "sla", "sort", "dir", "page", "size", "format"]),
        ("/Notifications", ["unread", "type", "p"]),
        ("/Admin/Audit", ["actor", "action", "from", "to", "page", "ticket", "p", "handler"]),
        ("/Admin/SyncLogs", ["type", "status", "from", "to", "page", "p"]),
    ];

    private static readonly Gen<string> Value = Gen.OneOf<string>(
        Gen.OneOf(
            "", " ", "-1", "0", "1", "2147483647", "2147483648", "-2147483648", "9223372036854775807", "99999999999999999999999",
            "1e309", "NaN", "0x7fffffff", "9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "31/12/9999", "-0001-01-01",
            "' OR 1=1 --", "<script>alert(1)</script>", "%", "%%25", "\\", "../../etc/passwd", "\u202e", "😀", "null", "true", "[]",
            "Rows", "Counts", "Export", "open,open,open", ",,,", "in_progress", "overdue", "wire", "desc", "updated_at"),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Char[' ', '~'].Array[0, 40].Select(chars => new string(chars)),
        Gen.Int[1, 5000].Select(n => new string('9', n)));

    [Fact]
    public async Task Random_hostile_query_values_never_cause_a_5xx_or_an_unbounded_page()
    {
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "hostile-query",
            Simulator = new SimulatorSettings { TicketCount = 130, Seed = 7 },
        });
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        using var admin = await app.SignedInAsync(TestUser.Admin);
        var largest = PageRequest.Sizes.Max();

        // The list can show more than a page: the bound below is not vacuous.
        (await admin.GetHtmlAsync($"/Tickets?size={largest}")).Split("data-ticket=").Length.ShouldBe(largest + 1);

        var requests = Gen.Int[0, Pages.Length - 1].SelectMany(page =>
            Gen.Select(Gen.Int[0, Pages[page].Parameters.Length - 1], Value).Array[1, 5]
                .Select(parameters => Address(Pages[page].Path, [.. parameters.Select(p => (Pages[page].Parameters[p.Item1], p.Item2))])));

        await requests.SampleAsync(
            async address =>
            {
                using var response = await admin.GetAsync(address);
                ((int)response.StatusCode).ShouldBeLessThan(500, address);
                if (response.StatusCode == HttpStatusCode.OK && address.StartsWith("/Tickets?", StringComparison.Ordinal))
                {
                    var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    TicketRow().Count(html).ShouldBeLessThanOrEqualTo(largest, address);
                }
            },
            iter: 150,
            threads: 1);
    }

    private static string Address(string path, IEnumerable<(string Name, string Value)> parameters) =>
        path + "?" + string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    [GeneratedRegex("data-ticket=")]
    private static partial Regex TicketRow();
}
