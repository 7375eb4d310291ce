using FluentValidation;
using Mediator;
using Ticketing.Application.Phi;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Queries.SuggestCategories;

/// <summary>
/// The suggested category of each uncategorized ticket among <see cref="TicketIds"/> (a page of the list's
/// "Uncategorized" preset, or the tickets a bulk "Apply suggestions" names): read in one round trip, predicted
/// in one batch. A ticket with a category, or holding health information the reader may not see, gets none: its
/// strongest words would be its own masked text.
/// </summary>
public sealed record SuggestCategoriesQuery(IReadOnlyList<Guid> TicketIds) : IQuery<IReadOnlyDictionary<Guid, CategorySuggestion>>
{
    public const int MaxTickets = 100;
}

/// <summary>A ticket's suggested category with its confidence and strongest words, and the model version that made it.</summary>
public sealed record CategorySuggestion(TriageSuggestion Top, long ModelVersion);

public sealed class SuggestCategoriesValidator : AbstractValidator<SuggestCategoriesQuery>
{
    public SuggestCategoriesValidator() =>
        RuleFor(q => q.TicketIds).Must(ids => ids.Count <= SuggestCategoriesQuery.MaxTickets)
            .WithMessage($"At most {SuggestCategoriesQuery.MaxTickets} tickets at a time.");
}

public sealed class SuggestCategoriesHandler(ITriageTicketTexts texts, ITriagePredictor predictor, PhiGuard phi)
    : IQueryHandler<SuggestCategoriesQuery, IReadOnlyDictionary<Guid, CategorySuggestion>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, CategorySuggestion>> Handle(SuggestCategoriesQuery query, CancellationToken cancellationToken)
    {
        var suggestions = new Dictionary<Guid, CategorySuggestion>();
        if (query.TicketIds.Count == 0)
        {
            return suggestions;
        }

        var open = (await texts.GetAsync([.. query.TicketIds.Distinct()], cancellationToken))
            .Where(t => string.IsNullOrWhiteSpace(t.Category) && (!t.IsPhi || phi.SeesAllPhi))
            .ToList();
        if (open.Count == 0)
        {
            return suggestions;
        }

        var predicted = await predictor.SuggestManyAsync([.. open.Select(t => t.Input)], 1, [TriageTarget.Category], cancellationToken);
        for (var i = 0; i < open.Count; i++)
        {
            if (predicted[i].For(TriageTarget.Category) is { Suggestions: [var top, ..] } category)
            {
                suggestions[open[i].TicketId] = new CategorySuggestion(top, category.ModelVersion);
            }
        }

        return suggestions;
    }
}
