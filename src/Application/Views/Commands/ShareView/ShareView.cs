using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Views.Commands.ShareView;

/// <summary>
/// An admin shares one of their views with everyone, or makes a shared view personal again (its
/// owner's). Admin-only, whoever sends it.
/// </summary>
public sealed record ShareViewCommand(Guid Id, bool Shared) : ICommand, IAdminRequest;

public sealed class ShareViewHandler(ISavedViewRepository views, ICurrentUser user, TimeProvider clock) : ICommandHandler<ShareViewCommand>
{
    public async ValueTask<Unit> Handle(ShareViewCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException("Sign in to share views.");
        return await views.SetSharedAsync(userId, command.Id, command.Shared, clock.GetUtcNow(), cancellationToken) == SavedViewWrite.Done
            ? Unit.Value
            : throw new NotFoundException("Saved view", command.Id);
    }
}
