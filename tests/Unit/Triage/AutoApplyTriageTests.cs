using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.AutoApplyTriage;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;

namespace Ticketing.UnitTests.Triage;

public sealed class AutoApplyTriageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ITriageModelStore _store = Substitute.For<ITriageModelStore>();
    private readonly ITriagePredictor _predictor = Substitute.For<ITriagePredictor>();

    public AutoApplyTriageTests() =>
        _predictor.SuggestAsync(Arg.Any<TriageInput>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(new TriageSuggestions(
        [
            new TriageTargetSuggestions(TriageTarget.Category, 7, [new TriageSuggestion("Network", 0.91, ["vpn"])]),
            new TriageTargetSuggestions(TriageTarget.Department, 8, [new TriageSuggestion("Sales", 0.55, [])]),
            new TriageTargetSuggestions(TriageTarget.Priority, 9, [new TriageSuggestion("high", 0.88, [])]),
        ]));

    private static CreateTicketCommand Draft => new() { Title = "VPN tunnel drops", Description = "Every few minutes." };

    [Fact]
    public async Task Nothing_is_applied_while_no_admin_enabled_it()
    {
        _store.GetSettingsAsync(Arg.Any<CancellationToken>()).Returns(new TriageSettings());

        var result = await new AutoApplyTriageHandler(_store, _predictor).Handle(new AutoApplyTriageCommand(Draft), Ct);

        result.Applied.ShouldBeEmpty();
        result.Draft.Category.ShouldBeNull();
        await _predictor.DidNotReceive().SuggestAsync(Arg.Any<TriageInput>(), Arg.Any<int>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Only_suggestions_at_or_above_their_targets_threshold_fill_empty_fields()
    {
        _store.GetSettingsAsync(Arg.Any<CancellationToken>()).Returns(new TriageSettings
        {
            AutoApplyCategoryAbove = 0.9,
            AutoApplyDepartmentAbove = 0.6,
            AutoApplyPriorityAbove = 0.89,
        });

        var result = await new AutoApplyTriageHandler(_store, _predictor).Handle(new AutoApplyTriageCommand(Draft), Ct);

        result.Draft.Category.ShouldBe("Network");
        result.Draft.Department.ShouldBeNull("0.55 is below the department's 0.6");
        result.Draft.Priority.ShouldBeNull("0.88 is below the priority's 0.89");
        result.Applied.ShouldHaveSingleItem().ShouldBe(new AutoAppliedValue(TriageTarget.Category, "Network", 0.91, 0.9, 7));
    }

    [Fact]
    public async Task A_value_the_person_chose_is_never_replaced()
    {
        _store.GetSettingsAsync(Arg.Any<CancellationToken>()).Returns(new TriageSettings { AutoApplyCategoryAbove = 0.5, AutoApplyPriorityAbove = 0.5 });

        var result = await new AutoApplyTriageHandler(_store, _predictor)
            .Handle(new AutoApplyTriageCommand(Draft with { Category = "Printing" }), Ct);

        result.Draft.Category.ShouldBe("Printing");
        result.Draft.Priority.ShouldBe(TicketPriority.High);
        result.Applied.Select(a => a.Target).ShouldBe([TriageTarget.Priority]);
    }

    [Fact]
    public async Task Each_applied_value_is_audited_as_done_by_the_assistant()
    {
        var audit = Substitute.For<IAuditLog>();

        await new AuditAutoAppliedTriageHandler(audit).Handle(
            new AuditAutoAppliedTriageCommand(Guid.NewGuid(), "IT-000123", [new AutoAppliedValue(TriageTarget.Category, "Network", 0.91, 0.9, 7)]), Ct);

        await audit.Received(1).WriteAsync(
            AuditAutoAppliedTriageHandler.AuditAction,
            "ticket",
            "IT-000123",
            Arg.Is<object>(d => d.ToString()!.Contains("done_by = triage assistant", StringComparison.Ordinal) && d.ToString()!.Contains("value = Network", StringComparison.Ordinal)),
            Arg.Any<CancellationToken>());
    }
}
