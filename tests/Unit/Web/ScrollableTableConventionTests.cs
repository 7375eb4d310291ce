using Shouldly;

namespace Ticketing.UnitTests.Web;

/// <summary>
/// A table that can scroll sideways must be reachable by keyboard, or keyboard users cannot read its hidden
/// columns (Axe rule scrollable-region-focusable). Whether it overflows depends on the data and the screen,
/// so every scrolling wrapper in the pages is focusable, not only the ones a test happened to overflow.
/// </summary>
public sealed class ScrollableTableConventionTests
{
    [Fact]
    public void Every_scrolling_table_wrapper_can_take_keyboard_focus()
    {
        var offenders = SourceTree.RazorLines()
            .Where(l => l.Line.Contains("class=\"table-responsive", StringComparison.Ordinal))
            .Where(l => !l.Line.Contains("tabindex=\"0\"", StringComparison.Ordinal))
            .Select(l => $"{l.File}: {l.Line.Trim()}")
            .ToList();

        SourceTree.RazorLines().Count(l => l.Line.Contains("class=\"table-responsive", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        offenders.ShouldBeEmpty();
    }
}
