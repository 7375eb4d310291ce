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

    // Axe runs every rule whatever is asked; this only keeps it from listing each node that passed (1,500 on
    // a list of 25 rows), which crossed into the test on every run: a third of a run's time, and unread here.
    private static readonly AxeRunOptions ViolationsOnly = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>Fails listing each serious or critical violation with the elements it was found on.</summary>
    public static async Task ShouldHaveNoSeriousAccessibilityViolationsAsync(this IPage page)
    {
        ShouldHaveNoneBlocking(await page.RunAxe(ViolationsOnly), $"on {page.Url}");
    }

    /// <summary>
    /// The same check over one part of the page as it is shown now (an open menu, with the control that
    /// opened it). Axe still judges that part against the whole document (contrast against what is behind
    /// it, ids unique in the page); what it leaves out is the rest of the page, so use it only where the
    /// rest was checked in the same state already.
    /// </summary>
    public static async Task ShouldHaveNoSeriousAccessibilityViolationsAsync(this ILocator part)
    {
        ShouldHaveNoneBlocking(await part.RunAxe(ViolationsOnly), $"in {part} on {part.Page.Url}");
    }

    private static void ShouldHaveNoneBlocking(AxeResult result, string where) =>
        result.Violations
            .Where(v => v.Impact is { } impact && Blocking.Contains(impact))
            .Select(Describe)
            .ToList()
            .ShouldBeEmpty($"serious or critical Axe violations {where}");

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} ({violation.HelpUrl}) at " +
        string.Join("; ", violation.Nodes.Select(n => $"{n.Target} {n.Html}"));
}
