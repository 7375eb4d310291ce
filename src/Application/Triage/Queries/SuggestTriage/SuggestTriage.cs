using FluentValidation;
using Mediator;

namespace Ticketing.Application.Triage.Queries.SuggestTriage;

/// <summary>
/// The assistant's suggestions for a ticket being written or read: per target with an active model,
/// the likeliest values with their confidence and strongest words. Never changes anything.
/// </summary>
public sealed record SuggestTriageQuery(string? Title, string? Description, string? Department, int PerTarget = 3)
    : IQuery<TriageSuggestions>;

public sealed class SuggestTriageValidator : AbstractValidator<SuggestTriageQuery>
{
    public SuggestTriageValidator()
    {
        RuleFor(q => q.Title).MaximumLength(500);
        RuleFor(q => q.Description).MaximumLength(20_000);
        RuleFor(q => q.Department).MaximumLength(200);
        RuleFor(q => q.PerTarget).InclusiveBetween(1, 5);
    }
}

public sealed class SuggestTriageHandler(ITriagePredictor predictor) : IQueryHandler<SuggestTriageQuery, TriageSuggestions>
{
    public async ValueTask<TriageSuggestions> Handle(SuggestTriageQuery query, CancellationToken cancellationToken) =>
        await predictor.SuggestAsync(new TriageInput(query.Title, query.Description, query.Department), query.PerTarget, cancellationToken);
}
