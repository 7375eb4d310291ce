using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Views;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Views.Commands.RenameView;

/// <summary>Renames one of the signed-in user's personal views; another user's view, or a shared one, is not found.</summary>
public sealed record RenameViewCommand(Guid Id, string? Name) : ICommand;

public sealed class RenameViewValidator : AbstractValidator<RenameViewCommand>
{
    public RenameViewValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name for the view.")
            .MaximumLength(SavedView.MaxNameLength).WithMessage($"Use at most {SavedView.MaxNameLength} characters.");
    }
}

public sealed class RenameViewHandler(ISavedViewRepository views, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<RenameViewCommand>
{
    public async ValueTask<Unit> Handle(RenameViewCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException("Sign in to rename views.");
        var name = command.Name!.Trim();
        switch (await views.RenameAsync(userId, command.Id, name, clock.GetUtcNow(), cancellationToken))
        {
            case SavedViewWrite.NotFound:
                throw new NotFoundException("Saved view", command.Id);
            case SavedViewWrite.NameTaken:
                throw new ValidationException(new[]
                {
                    new ValidationFailure(nameof(command.Name), $"You already have a view named “{name}”. Choose another name."),
                });
            default:
                return Unit.Value;
        }
    }
}
