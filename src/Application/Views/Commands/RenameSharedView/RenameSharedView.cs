using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Views;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Views.Commands.RenameSharedView;

/// <summary>An admin renames a shared view, whoever saved it. Admin-only, whoever sends it.</summary>
public sealed record RenameSharedViewCommand(Guid Id, string? Name) : ICommand, IAdminRequest;

public sealed class RenameSharedViewValidator : AbstractValidator<RenameSharedViewCommand>
{
    public RenameSharedViewValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name for the view.")
            .MaximumLength(SavedView.MaxNameLength).WithMessage($"Use at most {SavedView.MaxNameLength} characters.");
    }
}

public sealed class RenameSharedViewHandler(ISavedViewRepository views, TimeProvider clock) : ICommandHandler<RenameSharedViewCommand>
{
    public async ValueTask<Unit> Handle(RenameSharedViewCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name!.Trim();
        return await views.RenameSharedAsync(command.Id, name, clock.GetUtcNow(), cancellationToken) switch
        {
            SavedViewWrite.NotFound => throw new NotFoundException("Shared view", command.Id),
            SavedViewWrite.NameTaken => throw new ValidationException(new[]
            {
                new ValidationFailure(nameof(command.Name), $"The owner of this view already has one named “{name}”. Choose another name."),
            }),
            _ => Unit.Value,
        };
    }
}
