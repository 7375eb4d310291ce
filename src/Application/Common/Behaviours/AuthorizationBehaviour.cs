using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Common.Behaviours;

/// <summary>
/// Refuses marked requests to anyone not entitled to them, with <see cref="ForbiddenAccessException"/>,
/// before validation and the handler: an <see cref="IAdminRequest"/> needs a signed-in admin, an
/// <see cref="ISystemRequest"/> may come from background work (<see cref="ICurrentUser.IsSystem"/>).
/// The page folder's policy still guards the admin pages; this guards the request itself, whoever
/// sends it. Unmarked requests pass: their handlers decide with the current user (their own
/// notifications, views, and so on).
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly bool ForAdmins = typeof(IAdminRequest).IsAssignableFrom(typeof(TMessage));
    private static readonly bool ForSystem = typeof(ISystemRequest).IsAssignableFrom(typeof(TMessage));

    public ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if ((ForAdmins || ForSystem) && !IsAllowed())
        {
            throw new ForbiddenAccessException();
        }

        return next(message, cancellationToken);
    }

    // The system actor has no user, so it is never an admin: it passes only where a request allows it.
    private bool IsAllowed() => user.IsSystem ? ForSystem : ForAdmins && user.IsAdmin;
}
