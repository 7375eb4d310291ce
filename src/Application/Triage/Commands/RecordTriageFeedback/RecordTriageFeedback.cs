using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Commands.RecordTriageFeedback;

/// <summary>
/// What a person did with suggestions they were shown: accepted one (clicked it, or kept the value it
/// filled in) or chose another value. The next training learns the chosen value.
/// </summary>
public sealed record RecordTriageFeedbackCommand(Guid? TicketId, IReadOnlyList<TriageFeedbackItem> Items) : ICommand;

/// <summary>One target's feedback: the top suggestion shown and the value the ticket was saved with.</summary>
public sealed record TriageFeedbackItem(TriageTarget Target, string SuggestedValue, string ChosenValue, double Confidence, long? ModelVersion);

public sealed class RecordTriageFeedbackValidator : AbstractValidator<RecordTriageFeedbackCommand>
{
    public RecordTriageFeedbackValidator()
    {
        RuleFor(c => c.Items).NotEmpty();
        RuleForEach(c => c.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.SuggestedValue).NotEmpty().MaximumLength(200);
            item.RuleFor(i => i.ChosenValue).NotEmpty().MaximumLength(200);
            item.RuleFor(i => i.Confidence).InclusiveBetween(0, 1);
        });
    }
}

public sealed class RecordTriageFeedbackHandler(ITriageModelStore store, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<RecordTriageFeedbackCommand>
{
    public async ValueTask<Unit> Handle(RecordTriageFeedbackCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.AddFeedbackAsync(
            command.Items.Select(i => new TriageFeedback
            {
                TicketId = command.TicketId,
                Target = i.Target,
                SuggestedValue = i.SuggestedValue,
                ChosenValue = i.ChosenValue,
                Confidence = i.Confidence,
                ModelVersion = i.ModelVersion,
                Accepted = string.Equals(i.SuggestedValue, i.ChosenValue, StringComparison.OrdinalIgnoreCase),
                UserId = user.UserId,
                RecordedAt = now,
            }).ToList(),
            cancellationToken);
        return Unit.Value;
    }
}
