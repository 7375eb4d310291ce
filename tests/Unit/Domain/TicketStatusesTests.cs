using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Domain;

public sealed class TicketStatusesTests
{
    private static readonly string AnyStatus = string.Join('|', WireName<TicketStatus>.Names);

    /// <summary>
    /// <c>status IN ('open', …)</c> or <c>status = ANY('{open,…}')</c>: a set of ticket statuses written out
    /// as literals. Other tables' status columns have other values.
    /// </summary>
    private static readonly Regex StatusSetLiteral = new(
        $@"status\s+(NOT\s+)?IN\s*\(\s*'({AnyStatus})'|status\s*(=|<>)\s*(ANY|ALL)\s*\(\s*'\{{?({AnyStatus})",
        RegexOptions.IgnoreCase);

    [Fact]
    public void The_sets_are_the_rules_statuses_as_stored_in_workflow_order()
    {
        TicketStatuses.Active.ShouldBe(["open", "in_progress", "pending", "on_hold"]);
        TicketStatuses.Resolved.ShouldBe(["resolved", "closed"]);
        TicketStatuses.Active.ShouldBe(TicketRules.ActiveStatuses.Order().Select(WireName<TicketStatus>.Of));
        TicketStatuses.Resolved.ShouldBe(TicketRules.ResolvedStatuses.Order().Select(WireName<TicketStatus>.Of));
    }

    [Fact]
    public void No_sql_outside_the_migrations_spells_a_set_of_ticket_statuses_out()
    {
        // Sets come from TicketStatuses as array parameters: status = ANY(@active_statuses).
        SourceTree.HandWrittenLines()
            .Where(l => StatusSetLiteral.IsMatch(l.Line))
            .Select(l => $"{l.File}: {l.Line.Trim()}")
            .ShouldBeEmpty();
    }
}
