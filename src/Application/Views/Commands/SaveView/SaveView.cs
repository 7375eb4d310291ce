using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Views;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Views.Commands.SaveView;

/// <summary>
/// Saves the ticket list's current filters and sort (its query string) under a name, for the
/// signed-in user only. Names are unique per user. The page number is not kept.
/// </summary>
public sealed record SaveViewCommand(string? Name, string? QueryString) : ICommand<SavedViewSummary>;

public sealed class SaveViewValidator : AbstractValidator<SaveViewCommand>
{
    public SaveViewValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name for the view.")
            .MaximumLength(SavedView.MaxNameLength).WithMessage($"Use at most {SavedView.MaxNameLength} characters.");
        RuleFor(c => c.QueryString)
            .Must(q => SavedViewQuery.Normalize(q).Length <= SavedView.MaxQueryLength)
            .WithMessage($"These filters are too long to save (at most {SavedView.MaxQueryLength} characters).")
            // A list address never holds them; they could only come from a forged form, and would break the link.
            .Must(q => q is null || !q.Any(char.IsControl))
            .WithMessage("These filters cannot be saved.");
    }
}

public sealed class SaveViewHandler(ISavedViewRepository views, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<SaveViewCommand, SavedViewSummary>
{
    public async ValueTask<SavedViewSummary> Handle(SaveViewCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException("Sign in to save views.");
        var now = clock.GetUtcNow();
        var view = new SavedView
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = command.Name!.Trim(),
            QueryString = SavedViewQuery.Normalize(command.QueryString),
            CreatedAt = now,
            UpdatedAt = now,
        };

        if (await views.AddAsync(view, cancellationToken) == SavedViewWrite.NameTaken)
        {
            throw new ValidationException(new[]
            {
                new ValidationFailure(nameof(command.Name), $"You already have a view named “{view.Name}”. Choose another name."),
            });
        }

        return SavedViewSummary.From(view, userId);
    }
}
