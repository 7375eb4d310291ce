using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Shouldly;

namespace Ticketing.E2ETests.Infrastructure;

/// <summary>
/// Axe (axe-core through Deque.AxeCore.Playwright) over a page as the user has it now: every page
/// must be free of serious and critical violations (house style). Minor and moderate findings are
/// left to review rather than failing the build.
/// </summary>
public static class Accessibility
{
    private static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>Fails listing each serious or critical violation with the elements it was found on.</summary>
    public static async Task ShouldHaveNoSeriousAccessibilityViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations
            .Where(v => v.Impact is { } impact && Blocking.Contains(impact))
            .Select(Describe)
            .ToList();
        blocking.ShouldBeEmpty($"serious or critical Axe violations on {page.Url}");
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} ({violation.HelpUrl}) at " +
        string.Join("; ", violation.Nodes.Select(n => $"{n.Target} {n.Html}"));
}
