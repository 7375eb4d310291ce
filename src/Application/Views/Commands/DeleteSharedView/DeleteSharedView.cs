using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Commands.DeleteSharedView;

/// <summary>An admin deletes a shared view, whoever saved it. Admin-only, whoever sends it.</summary>
public sealed record DeleteSharedViewCommand(Guid Id) : ICommand, IAdminRequest;

public sealed class DeleteSharedViewHandler(ISavedViewRepository views) : ICommandHandler<DeleteSharedViewCommand>
{
    public async ValueTask<Unit> Handle(DeleteSharedViewCommand command, CancellationToken cancellationToken) =>
        await views.DeleteSharedAsync(command.Id, cancellationToken)
            ? Unit.Value
            : throw new NotFoundException("Shared view", command.Id);
}
