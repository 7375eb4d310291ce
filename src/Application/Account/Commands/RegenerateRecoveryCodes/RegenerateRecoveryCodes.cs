using Mediator;
using Ticketing.Application.Account.Commands.ConfirmMfaEnrolment;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Account.Commands.RegenerateRecoveryCodes;

/// <summary>New recovery codes for the signed-in user (the old ones stop working); only with two-step sign-in on.</summary>
public sealed record RegenerateRecoveryCodesCommand : ICommand<RecoveryCodes>;

public sealed class RegenerateRecoveryCodesHandler(IMfaAccounts accounts, ICurrentUser currentUser, IAuditLog audit)
    : ICommandHandler<RegenerateRecoveryCodesCommand, RecoveryCodes>
{
    public async ValueTask<RecoveryCodes> Handle(RegenerateRecoveryCodesCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId ?? throw new ForbiddenAccessException();
        var status = await accounts.GetStatusAsync(userId, cancellationToken) ?? throw new NotFoundException("User", userId);
        if (!status.Enabled)
        {
            throw new ValidationException(new Dictionary<string, string[]> { [string.Empty] = ["Turn two-step sign-in on first."] });
        }

        var codes = await accounts.RegenerateRecoveryCodesAsync(userId, MfaCodes.RecoveryCodeCount, cancellationToken);
        await audit.WriteAsync(MfaCodes.RecoveryCodesAction, "user", userId, new { by = "self", recovery_codes = codes.Count }, cancellationToken);
        return new RecoveryCodes(codes);
    }
}
