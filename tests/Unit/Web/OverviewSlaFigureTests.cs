using Shouldly;
using Ticketing.Application.Analytics;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Web.Pages;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

/// <summary>
/// The KPI strip's "SLA compliance" is the share of resolved tickets that met their SLA policy's resolution target,
/// said so; Championship IT's due-date figure only ever appears under its own words (decision 145).
/// </summary>
public sealed class OverviewSlaFigureTests
{
    private static readonly TicketKpis Kpis = new(10, 4, 2, 6, 12.5, 50.0, 4, 1);

    [Fact]
    public void The_figure_is_met_over_met_and_breached_by_policy_rounded_to_a_tenth()
    {
        var cards = OverviewFormat.Cards(Kpis with { PolicySla = new SlaResolutionTotals(Met: 2, Breached: 1) });

        cards.Sla.ShouldBe("66.7%");
        cards.SlaNote.ShouldBe("of 3 resolved tickets with a policy");
        cards.SlaAtRemote.ShouldBe("50.0% met Championship IT’s due date");
    }

    [Fact]
    public void Thousands_are_grouped_in_the_note()
    {
        var cards = OverviewFormat.Cards(Kpis with { PolicySla = new SlaResolutionTotals(Met: 1_233, Breached: 1) });

        cards.Sla.ShouldBe("99.9%");
        cards.SlaNote.ShouldBe("of 1,234 resolved tickets with a policy");
    }

    [Fact]
    public void Without_a_policy_outcome_the_figure_is_a_dash_with_the_reason_never_the_due_date_figure()
    {
        var cards = OverviewFormat.Cards(Kpis with { PolicySla = default });

        cards.Sla.ShouldBe(OverviewFormat.NoData);
        cards.SlaNote.ShouldBe("no resolved ticket has an SLA policy outcome yet");
        cards.SlaAtRemote.ShouldBe("50.0% met Championship IT’s due date");
    }

    [Fact]
    public void Without_a_due_date_at_championship_it_its_line_is_empty()
    {
        var cards = OverviewFormat.Cards(TicketKpis.Empty);

        cards.Sla.ShouldBe(OverviewFormat.NoData);
        cards.SlaAtRemote.ShouldBeEmpty();
    }

    [Fact]
    public void The_list_strip_names_the_basis_beside_the_figure()
    {
        var figure = KpiStrip.Figures(Kpis with { PolicySla = new SlaResolutionTotals(Met: 3, Breached: 1) }).Single(f => f.Key == "sla");

        figure.Label.ShouldBe("SLA compliance by policy");
        figure.Value.ShouldBe("75.0%");
    }

    [Fact]
    public void The_totals_sum_every_policy_and_month_as_the_analytics_key_figure_does()
    {
        var policy = Guid.NewGuid();
        SlaMonth[] months =
        [
            new(new DateOnly(2026, 10, 1), policy, "Default", 5, 5, 3, 1),
            new(new DateOnly(2026, 11, 1), policy, "Default", 0, 0, 1, 3),
            new(new DateOnly(2026, 11, 1), Guid.NewGuid(), "Critical", 2, 0, 0, 0),
        ];

        var totals = SlaResolutionTotals.Of(months);

        totals.ShouldBe(new SlaResolutionTotals(4, 4));
        totals.Percent.ShouldBe(50.0);
        new SlaResolutionTotals(0, 0).Percent.ShouldBeNull();
    }
}
