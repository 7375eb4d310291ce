using Mediator;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Commands.ResetUserMfa;

/// <summary>
/// An admin turns another account's two-step sign-in off (a lost phone): its key and recovery codes are
/// forgotten and its sessions end; the person sets it up again at their next sign-in when required.
/// </summary>
public sealed record ResetUserMfaCommand(string UserId) : ICommand, IAdminRequest;

public sealed class ResetUserMfaHandler(IMfaAccounts accounts, IAdminUserDirectory users, IAuditLog audit) : ICommandHandler<ResetUserMfaCommand>
{
    public async ValueTask<Unit> Handle(ResetUserMfaCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(command.UserId, cancellationToken) ?? throw new NotFoundException("User", command.UserId);
        await accounts.DisableAsync(user.Id, cancellationToken);
        await audit.WriteAsync(MfaCodes.ResetAction, "user", user.Id, new { email = user.Email, by = "admin" }, cancellationToken);
        return Unit.Value;
    }
}
