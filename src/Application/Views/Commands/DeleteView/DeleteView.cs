using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Commands.DeleteView;

/// <summary>Deletes one of the signed-in user's personal views; another user's view, or a shared one, is not found.</summary>
public sealed record DeleteViewCommand(Guid Id) : ICommand;

public sealed class DeleteViewHandler(ISavedViewRepository views, ICurrentUser user) : ICommandHandler<DeleteViewCommand>
{
    public async ValueTask<Unit> Handle(DeleteViewCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException("Sign in to delete views.");
        return await views.DeleteAsync(userId, command.Id, cancellationToken)
            ? Unit.Value
            : throw new NotFoundException("Saved view", command.Id);
    }
}
