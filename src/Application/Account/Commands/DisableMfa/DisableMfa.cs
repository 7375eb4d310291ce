using Mediator;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Account.Commands.DisableMfa;

/// <summary>
/// The signed-in user turns their two-step sign-in off (key and recovery codes forgotten; other sessions
/// end). A user whom a rule requires it of is sent to set it up again at once.
/// </summary>
public sealed record DisableMfaCommand : ICommand;

public sealed class DisableMfaHandler(IMfaAccounts accounts, ICurrentUser currentUser, IAuditLog audit) : ICommandHandler<DisableMfaCommand>
{
    public async ValueTask<Unit> Handle(DisableMfaCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId ?? throw new ForbiddenAccessException();
        if (!await accounts.DisableAsync(userId, cancellationToken))
        {
            throw new NotFoundException("User", userId);
        }

        await audit.WriteAsync(MfaCodes.DisableAction, "user", userId, new { by = "self" }, cancellationToken);
        return Unit.Value;
    }
}
