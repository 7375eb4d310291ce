using FluentValidation;
using Mediator;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Application.Triage.Commands.RecordTriageFeedback;
using Ticketing.Application.Triage.Queries.SuggestCategories;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Commands.ApplyCategorySuggestions;

/// <summary>
/// The list's bulk "Apply suggestions": each selected ticket's category becomes its own suggestion, worked out
/// again here (never taken from the browser), through the normal bulk update (one PATCH per ticket, queued
/// while Championship IT is down, audited). Each ticket changed or queued records the suggestion as accepted.
/// A ticket without a suggestion (it has a category, holds health information the reader may not see, or no
/// model is in use) is reported as not changed. The result names the category each ticket got, so the list
/// shows it on the row at once instead of the suggestion it no longer needs.
/// </summary>
public sealed record ApplyCategorySuggestionsCommand(Guid[] TicketIds) : ICommand<BulkUpdateResult>;

public sealed class ApplyCategorySuggestionsValidator : AbstractValidator<ApplyCategorySuggestionsCommand>
{
    public ApplyCategorySuggestionsValidator() =>
        RuleFor(c => c.TicketIds)
            .NotEmpty().WithMessage(BulkUpdateTicketsValidator.NothingSelectedMessage)
            .Must(ids => ids.Distinct().Count() <= BulkUpdateTicketsCommand.MaxTickets)
            .WithMessage(c => $"Select at most {BulkUpdateTicketsCommand.MaxTickets} tickets at a time (you selected {c.TicketIds.Distinct().Count()}).");
}

public sealed class ApplyCategorySuggestionsHandler(ISender sender) : ICommandHandler<ApplyCategorySuggestionsCommand, BulkUpdateResult>
{
    public async ValueTask<BulkUpdateResult> Handle(ApplyCategorySuggestionsCommand command, CancellationToken cancellationToken)
    {
        var ids = command.TicketIds.Distinct().ToArray();
        var suggestions = await sender.Send(new SuggestCategoriesQuery(ids), cancellationToken);
        var result = await sender.Send(
            new BulkUpdateTicketsCommand { TicketIds = ids, CategoryByTicket = suggestions.ToDictionary(s => s.Key, s => s.Value.Top.Value) },
            cancellationToken);
        var applied = new Dictionary<Guid, string>();
        foreach (var outcome in result.Outcomes.Where(o => o.Outcome is BulkOutcome.Updated or BulkOutcome.Queued))
        {
            var suggestion = suggestions[outcome.TicketId];
            applied[outcome.TicketId] = suggestion.Top.Value;
            await sender.Send(
                new RecordTriageFeedbackCommand(
                    outcome.TicketId,
                    [new TriageFeedbackItem(TriageTarget.Category, suggestion.Top.Value, suggestion.Top.Value, suggestion.Top.Confidence, suggestion.ModelVersion)]),
                CancellationToken.None);
        }

        return result with { CategoryByTicket = applied };
    }
}
